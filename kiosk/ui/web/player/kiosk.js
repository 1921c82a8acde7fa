/* What the kiosk asks every package page, in all its same-origin frames: is any media playing
 * (the idle sign-out waits, a break pauses it), and has the learner touched the package since the
 * last look (the kiosk's own input watch cannot see inside the web view). */
(function () {
  "use strict";
  var touched = false;
  var KINDS = ["keydown", "pointerdown", "mousemove", "wheel", "touchstart"];

  function watch(win) {
    try {
      if (win.__kioskWatched) { return; }
      win.__kioskWatched = true;
      KINDS.forEach(function (kind) {
        win.addEventListener(kind, function () { touched = true; }, { capture: true, passive: true });
      });
    } catch (e) { /* another origin: the sandbox keeps those out anyway */ }
  }

  function frames(doc, visit) {
    visit(doc);
    var list = doc.querySelectorAll("iframe, frame");
    for (var i = 0; i < list.length; i++) {
      try { if (list[i].contentDocument) { frames(list[i].contentDocument, visit); } } catch (e) { /* skip */ }
    }
  }

  window.kioskMedia = function (pause) {
    var playing = false;
    frames(document, function (doc) {
      var media = doc.querySelectorAll("video, audio");
      for (var i = 0; i < media.length; i++) {
        if (!media[i].paused && !media[i].ended) { playing = true; if (pause) { media[i].pause(); } }
      }
    });
    return playing;
  };

  window.kioskPoll = function () {
    frames(document, function (doc) { if (doc.defaultView) { watch(doc.defaultView); } });
    var answer = [window.kioskMedia(false), touched];
    touched = false;
    return answer;
  };

  watch(window);
})();
