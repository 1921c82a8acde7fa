"""A small cmi5 course written in code for the tests: cmi5.xml and one AU page using plain fetch
(no vendor library). The AU exposes ``window.au`` for the test to drive as a learner would."""

from __future__ import annotations

from pathlib import Path

from tests.elearning_fixtures import write_package

AU_ID = "https://example.invalid/course/1/au/1"
COURSE_ID = "https://example.invalid/course/1"

AU_JS = r"""
const q = new URLSearchParams(location.search);
const SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const ADL = "http://adlnet.gov/expapi/verbs/";
window.au = {
  endpoint: q.get("endpoint").replace(/\/?$/, "/"), actor: JSON.parse(q.get("actor")),
  registration: q.get("registration"),
  activityId: q.get("activityId"), log: [],
  headers() { return {"Authorization": this.auth, "X-Experience-API-Version": "1.0.3",
                      "Content-Type": "application/json"}; },
  async start() {
    const r = await fetch(q.get("fetch"), {method: "POST"});
    this.token = await r.json();
    this.auth = "Basic " + this.token["auth-token"];
    this.launchData = await this.getState("LMS.LaunchData");
    this.session = this.launchData.contextTemplate.extensions[SESSION];
    this.bookmark = await this.getState("bookmark");
    this.initStatus = await this.send("initialized");
    document.title = "started";
    return this.initStatus;
  },
  stateUrl(id) {
    return this.endpoint + "activities/state?" + new URLSearchParams({stateId: id, activityId: this.activityId,
      agent: JSON.stringify(this.actor), registration: this.registration});
  },
  async getState(id) {
    const r = await fetch(this.stateUrl(id), {headers: this.headers()});
    return r.status === 200 ? await r.json() : null;
  },
  async putState(id, value) {
    const r = await fetch(this.stateUrl(id), {method: "PUT", headers: this.headers(), body: JSON.stringify(value)});
    return r.status;
  },
  statement(verb, extra) {
    const s = {actor: this.actor, verb: {id: verb.startsWith("http") ? verb : ADL + verb, display: {"en-US": verb}},
               object: {objectType: "Activity", id: this.activityId},
               context: {registration: this.registration,
                         contextActivities: JSON.parse(JSON.stringify(
                           this.launchData.contextTemplate.contextActivities)),
                         extensions: {[SESSION]: this.session}},
               timestamp: new Date().toISOString()};
    if (["initialized", "completed", "passed", "failed", "terminated"].includes(verb)) {
      s.context.contextActivities.category = [{id: CMI5}];
      if (["completed", "passed", "failed"].includes(verb)) s.context.contextActivities.category.push({id: MOVEON});
    }
    return Object.assign(s, extra || {});
  },
  async post(body) {
    const t0 = performance.now();
    try {
      const r = await fetch(this.endpoint + "statements", {method: "POST", headers: this.headers(),
                                                          body: JSON.stringify(body)});
      this.log.push(performance.now() - t0);
      return r.status;
    } catch (e) { return String(e); }
  },
  async send(verb, extra) { return this.post(this.statement(verb, extra)); },
  async refetch() {
    const r = await fetch(q.get("fetch"), {method: "POST"});
    return await r.json();
  },
};
au.start();
"""

AU_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AU</title></head>
<body><h1>Test AU</h1><p id="painted">Hello</p><script src="au.js"></script></body></html>"""


def cmi5_xml(*, move_on: str = "CompletedAndPassed", mastery: float | None = 0.5, url: str = "au.html",
             aus: int = 1) -> str:
    mastery_attr = f' masteryScore="{mastery}"' if mastery is not None else ""
    units = "".join(f"""
    <au id="{AU_ID if i == 0 else AU_ID + str(i)}" moveOn="{move_on}"{mastery_attr}>
      <title><langstring lang="en-US">Unit {i + 1}</langstring></title>
      <description><langstring lang="en-US">A unit</langstring></description>
      <url>{url}</url>
    </au>""" for i in range(aus))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{COURSE_ID}">
    <title><langstring lang="en-US">Test cmi5 course</langstring></title>
    <description><langstring lang="en-US">A course written by the tests</langstring></description>
  </course>{units}
</courseStructure>
"""


def cmi5_package(path: Path, **options) -> Path:
    return write_package(path, {"cmi5.xml": cmi5_xml(**options), "au.html": AU_HTML, "au.js": AU_JS})
