/* Show the H5P content with the learner's saved state, save state through /__kiosk/h5p-state,
 * and pass each xAPI statement to /__kiosk/h5p without its actor. H5P is given a neutral user:
 * never the learner's name or code. */
(function () {
  "use strict";

  function send(method, url, body) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url, false);
    if (body !== undefined) { xhr.setRequestHeader("Content-Type", "application/json"); }
    xhr.send(body === undefined ? null : JSON.stringify(body));
    return JSON.parse(xhr.responseText);
  }

  var state = send("GET", "/__kiosk/state");
  var options = {
    h5pJsonPath: "..",
    frameJs: "/__vendor/h5p/frame.bundle.js",
    frameCss: "/__vendor/h5p/styles/h5p.css",
    frame: false, copyright: false, export: false, embed: false, icon: false, fullScreen: false,
    saveFreq: 5,
    user: { name: state.learner.name, mail: "learner@kiosk.invalid" },
    ajax: { contentUserDataUrl: "/__kiosk/h5p-state?content=:contentId&type=:dataType&sub=:subContentId" }
  };
  if (state.userData) { options.contentUserData = [{ state: state.userData }]; }

  window.kioskReady = false;
  new H5PStandalone.H5P(document.getElementById("h5p"), options).then(function () {
    window.kioskReady = true;
    H5P.externalDispatcher.on("xAPI", function (event) {
      var statement = JSON.parse(JSON.stringify(event.data.statement));
      delete statement.actor;
      send("POST", "/__kiosk/h5p", statement);
    });
  });

  window.kioskFinish = function () {
    // Save the content's state now rather than at the next saveFreq tick.
    try {
      // The content runs in h5p-standalone's same-origin iframe, with its own H5P object.
      var frame = document.querySelector("iframe.h5p-iframe");
      var inner = frame && frame.contentWindow.H5P ? frame.contentWindow.H5P : H5P;
      var instance = inner.instances && inner.instances[0];
      if (instance && instance.getCurrentState) {
        send("POST", "/__kiosk/h5p-state?type=state", { data: JSON.stringify(instance.getCurrentState()) });
      }
    } catch (e) { return "failed"; }
    return "saved";
  };
})();
