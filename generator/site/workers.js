/* The live preview's script at the start of every page `explainer serve` serves: it keeps the
   web workers the theme's script starts (its search worker among them), so that the preview's
   other script (update.js) can give the search worker a new index after an edit. */
(function (Made) {
  "use strict";
  if (typeof Made !== "function") {
    return;
  }
  var kept = window.__explainerWorkers = [];
  window.Worker = function (url, options) {
    var worker = new Made(url, options);
    kept.push({ url: String(url), worker: worker });
    return worker;
  };
  window.Worker.prototype = Made.prototype;
})(window.Worker);
