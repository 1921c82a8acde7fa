/* Six moments, six principles: a SCORM 1.2 SCO written by hand for the TIP programme.
 * It finds the kiosk's API the standard way, remembers the learner's place and answers in
 * cmi.core.lesson_location and cmi.suspend_data, and reports "completed" once every moment has an
 * answer. The score is reported for information only: there is no mastery score, so nobody fails. */
(function () {
  "use strict";

  var PRINCIPLES = ["Safety", "Trustworthiness and transparency", "Choice", "Collaboration",
                    "Empowerment", "Cultural humility"];
  var MOMENTS = [
    {text: "Before an interview starts, the officer explains how long it will take, when there will be " +
           "breaks, and that the person can ask to stop for a moment at any time.",
     answer: 0,
     why: "Knowing what will happen, and that they can pause, helps the person feel physically and " +
          "emotionally safe. It also shows transparency, but safety is what stands out here."},
    {text: "A probation officer promised to call back on Tuesday. On Tuesday the answer is not ready yet, " +
           "so they call anyway to say so, and say when they will know.",
     answer: 1,
     why: "Keeping small promises, and being honest when there is no news, builds trust over time."},
    {text: "A caseworker asks whether the person would prefer a male or female interpreter, and whether " +
           "they would like to sit nearer the door.",
     answer: 2,
     why: "Offering real options, however small, gives back some control over what happens."},
    {text: "Instead of setting the goals of a sentence plan alone, the officer and the person agree them " +
           "together and write them down in the person's own words.",
     answer: 3,
     why: "Working it out together, sharing the decisions that can be shared, is collaboration."},
    {text: "A support worker notices how someone has kept going through great difficulty and says so, " +
           "then asks what has helped them cope before.",
     answer: 4,
     why: "Recognising strengths and building on what already works is at the heart of empowerment."},
    {text: "An officer realises they had assumed what a family's religion meant for them, and asks the " +
           "person instead what matters to them.",
     answer: 5,
     why: "Cultural humility means not assuming: asking, listening and being open to learning."}
  ];

  // -- the LMS: standard SCORM 1.2 API discovery (this window, its parents, then the opener) --
  function findAPI(win) {
    for (var tries = 0; win && tries < 20; tries++) {
      if (win.API) { return win.API; }
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  var finished = false;
  function get(name) { return api ? String(api.LMSGetValue(name)) : ""; }
  function set(name, value) { if (api) { api.LMSSetValue(name, String(value)); } }
  function commit() { if (api) { api.LMSCommit(""); } }
  if (api) { api.LMSInitialize(""); }

  // -- the learner's place: answers as one digit per moment ("-" for none) --
  var answers = [];
  var current = 0;
  var saved = get("cmi.suspend_data");
  for (var i = 0; i < MOMENTS.length; i++) {
    var c = saved.charAt(i);
    answers.push(c >= "0" && c <= "5" ? Number(c) : null);
  }
  var place = parseInt(get("cmi.core.lesson_location"), 10);
  if (place >= 0 && place <= MOMENTS.length) { current = place; }
  if (get("cmi.core.lesson_status") === "not attempted") { set("cmi.core.lesson_status", "incomplete"); }

  function answeredCount() {
    return answers.filter(function (a) { return a !== null; }).length;
  }
  function matches() {
    return answers.filter(function (a, n) { return a === MOMENTS[n].answer; }).length;
  }

  function save() {
    set("cmi.suspend_data", answers.map(function (a) { return a === null ? "-" : String(a); }).join(""));
    set("cmi.core.lesson_location", current);
    if (answeredCount() === MOMENTS.length) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", Math.round(100 * matches() / MOMENTS.length));
      set("cmi.core.lesson_status", "completed");
    }
    commit();
  }

  // -- the page --
  var el = function (id) { return document.getElementById(id); };

  function show() {
    var done = current >= MOMENTS.length;
    el("question").hidden = done;
    el("summary").hidden = !done;
    el("back").disabled = current === 0;
    el("next").textContent = current === MOMENTS.length - 1 ? "Finish" : "Next";
    el("next").hidden = done;
    if (done) {
      el("progress").textContent = "";
      el("summary-text").textContent = "You matched " + matches() + " of " + MOMENTS.length +
        " moments with the principle the feedback suggests. Many moments show more than one " +
        "principle, so a different choice is often a reasonable one.";
      return;
    }
    var moment = MOMENTS[current];
    el("progress").textContent = "Moment " + (current + 1) + " of " + MOMENTS.length;
    el("moment-heading").textContent = "Moment " + (current + 1);
    el("moment").textContent = moment.text;
    var options = el("options");
    options.textContent = "";
    PRINCIPLES.forEach(function (name, n) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "principle";
      input.value = String(n);
      input.checked = answers[current] === n;
      input.addEventListener("change", function () { choose(n); });
      var text = document.createElement("span");
      text.textContent = name;
      label.appendChild(input);
      label.appendChild(text);
      options.appendChild(label);
    });
    showFeedback();
  }

  function showFeedback() {
    var chosen = answers[current];
    var moment = MOMENTS[current];
    if (chosen === null) {
      el("feedback").textContent = "";
    } else if (chosen === moment.answer) {
      el("feedback").textContent = "Yes. " + moment.why;
    } else {
      el("feedback").textContent = PRINCIPLES[chosen] + " may well be part of it too. The one that " +
        "stands out most here is " + PRINCIPLES[moment.answer].toLowerCase() + ": " + moment.why;
    }
  }

  function choose(n) {
    answers[current] = n;
    showFeedback();
    save();
  }

  el("back").addEventListener("click", function () {
    current = Math.max(0, current - 1);
    save();
    show();
  });
  el("next").addEventListener("click", function () {
    current = Math.min(MOMENTS.length, current + 1);
    save();
    show();
  });

  function finish() {
    if (finished || !api) { return; }
    finished = true;
    save();
    set("cmi.core.exit", answeredCount() === MOMENTS.length ? "" : "suspend");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  show();
})();
