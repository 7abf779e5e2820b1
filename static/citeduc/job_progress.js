// The progress of a job, read every second from its JSON state; once the job is finished, its
// report replaces the bar (no page reload). Without JavaScript the page offers a refresh link.
(function () {
  "use strict";
  const box = document.getElementById("job-progress");
  if (!box) return;
  const bar = document.getElementById("job-progress-bar");
  const text = document.getElementById("job-progress-text");
  const report = document.getElementById("job-report");

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
    let line = state.label;
    if (!state.finished && state.total) {
      line += " — " + state.phase + " : " + state.done + " / " + state.total + " lignes";
    }
    text.textContent = line + " (" + state.percent + " %)";
  }

  function finish() {
    fetch(box.dataset.reportUrl, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        report.innerHTML = html;
        const heading = report.querySelector("h2");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      });
  }

  function poll() {
    fetch(box.dataset.stateUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.finished) { finish(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
