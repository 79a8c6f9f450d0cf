// Tổng quan: the elapsed and remaining time of what is on air move every second between
// two polls of the live part (htmx swaps in the server's figures every few seconds).
//
// The clock never steps back for the same airing: the server's figure is as of its
// render, a moment before the swap, so counting from the swap alone could show a second
// twice. It is read four times a second so a new box is picked up within a quarter
// second and the display turns with the seconds.
(function () {
  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (h) return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    return m + ":" + ss;
  }
  var seen = null, since = 0, uid = null, shown = 0;
  setInterval(function () {
    var box = document.querySelector(".now-playing[data-elapsed]");
    if (!box) return;
    if (box !== seen) { seen = box; since = Date.now(); }
    var duration = parseFloat(box.dataset.duration) || 0;
    var elapsed = parseFloat(box.dataset.elapsed) + (Date.now() - since) / 1000;
    if (box.dataset.uid === uid) elapsed = Math.max(elapsed, shown);
    if (duration) elapsed = Math.min(elapsed, duration);
    uid = box.dataset.uid; shown = elapsed;
    box.querySelector(".elapsed").textContent = clock(elapsed);
    box.querySelector(".remaining").textContent = clock(duration - elapsed);
    var bar = box.querySelector(".bar");
    if (bar && duration) {
      var percent = Math.round(1000 * elapsed / duration) / 10;
      bar.setAttribute("aria-valuenow", percent);
      bar.firstElementChild.style.width = percent + "%";
    }
  }, 250);
})();
