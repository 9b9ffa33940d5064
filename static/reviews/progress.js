// Follows a management review's compilation running in the background: updates the
// progress bar and its text every two seconds, and reloads the page once it has ended.
(function () {
  "use strict";
  var box = document.querySelector(".compile-progress[data-status-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector(".compile-text");
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        bar.max = status.total;
        bar.value = status.done;
        text.textContent = status.text;
        if (status.state !== "running") { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
