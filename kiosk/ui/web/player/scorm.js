/* Start one SCO: ask the kiosk what it needs (saved CMI, neutral learner, launch data), make the
 * scorm-again API the SCO looks for, then load the SCO in the frame. Every commit is a
 * synchronous XHR to /__kiosk/commit; the kiosk validates and stores it before answering. */
(function () {
  "use strict";

  function get(url) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, false);
    xhr.send();
    return JSON.parse(xhr.responseText);
  }

  var state = get("/__kiosk/state");
  if (state.result !== "true") { return; }
  var is2004 = state.standard === "scorm_2004";
  if (state.cmi && state.cmi.cmi) { state.cmi = state.cmi.cmi; }  // saved as a whole commit body
  var vendor = "/__vendor/scorm-again/" + (is2004 ? "scorm2004.min.js" : "scorm12.min.js");

  function strip(cmi) {
    // Write-only and per-session elements are not loaded back. The kiosk sets entry (and
    // total_time) as the LMS must; without one, work it out from exit / suspend data.
    var copy = JSON.parse(JSON.stringify(cmi || {}));
    var core = is2004 ? copy : (copy.core = copy.core || {});
    var entry = core.entry;
    if (entry === undefined) {
      var started = is2004 ? copy.completion_status : core.lesson_status;
      entry = core.exit === "suspend" ? "resume" : (started && started !== "not attempted" ? "" : "ab-initio");
    }
    delete core.session_time; delete core.exit; delete core.entry;
    return { cmi: copy, core: core, entry: entry };
  }

  function start() {
    var saved = strip(state.cmi);
    var cmi = saved.cmi, core = saved.core;
    var settings = {
      autocommit: false,
      useAsynchronousCommits: false,
      lmsCommitUrl: "/__kiosk/commit?sco=" + encodeURIComponent(state.sco),
      dataCommitFormat: "json",
      terminateCommitParam: "final",
      logLevel: 5,
      requestHandler: function (commit, metadata) {
        // scorm-again leaves adl.nav.request out of the body; the final commit carries it so
        // the kiosk can tell which SCO comes next without a second round trip.
        if (is2004 && metadata && metadata.isTerminateCommit && commit && typeof commit === "object") {
          try {
            commit.adl = commit.adl || {};
            commit.adl.nav = { request: window.API_1484_11.adl.nav.request };
          } catch (e) { /* none */ }
        }
        return commit;
      }
    };
    if (is2004) {
      cmi.learner_id = state.learner.id;
      cmi.learner_name = state.learner.name;
      cmi.entry = saved.entry;
      if (state.masteryScore !== null) { cmi.scaled_passing_score = String(state.masteryScore); }
      window.API_1484_11 = new window.Scorm2004API(settings);
      window.API_1484_11.loadFromJSON(cmi);
    } else {
      core.student_id = state.learner.id;
      core.student_name = state.learner.name;
      core.entry = saved.entry;
      if (state.masteryScore !== null) {
        cmi.student_data = cmi.student_data || {};
        cmi.student_data.mastery_score = String(Math.round(state.masteryScore * 100));
      }
      window.API = new window.Scorm12API(settings);
      window.API.loadFromJSON(cmi);
    }
    // exit is write-only for the SCO's API: note whether the SCO set one.
    var api = is2004 ? window.API_1484_11 : window.API;
    api.on(is2004 ? "SetValue.cmi.exit" : "LMSSetValue.cmi.core.exit", function () { window.kioskExitSet = true; });
    if (state.launchData) { (is2004 ? window.API_1484_11 : window.API).cmi.launch_data = state.launchData; }
    document.getElementById("sco").src = "/" + state.href;
  }

  // Called by the kiosk when the learner leaves (next step, sign-out, a break that ends the
  // attempt, idle sign-out): finish the SCO so its last data is committed. Returns what happened.
  window.kioskFinish = function () {
    var api = is2004 ? window.API_1484_11 : window.API;
    if (!api || !api.isInitialized() || api.isTerminated()) { return "idle"; }
    if (!window.kioskExitSet) {  // the learner is leaving part-way: keep their place for next time
      if (is2004) { api.SetValue("cmi.exit", "suspend"); } else { api.LMSSetValue("cmi.core.exit", "suspend"); }
    }
    return is2004 ? api.Terminate("") : api.LMSFinish("");
  };

  var script = document.createElement("script");
  script.src = vendor;
  script.onload = start;
  document.head.appendChild(script);
})();
