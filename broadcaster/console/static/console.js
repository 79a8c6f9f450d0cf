// The console's own script: htmx does the rest. An error reply (one line of text in the
// operator's language) is shown in the problem box instead of being swallowed.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("problem");
  if (!box) return;
  var text = event.detail.xhr.responseText || "";
  if (text.length > 300 || text.indexOf("<") !== -1) text = box.dataset.fallback || "Lỗi";
  box.textContent = text;
  box.hidden = false;
});
document.addEventListener("htmx:sendError", function () {
  var box = document.getElementById("problem");
  if (!box) return;
  box.textContent = box.dataset.offline;
  box.hidden = false;
});
document.addEventListener("htmx:afterRequest", function (event) {
  var box = document.getElementById("problem");
  if (box && event.detail.successful && event.detail.requestConfig.verb !== "get") box.hidden = true;
});
// Confirmation in the operator's words (the button's data-confirm), before any form posts.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
}, true);
