// Bản tin: the emergency button asks first, in the operator's words (its data-confirm);
// the other buttons of the same form send at once. console.js confirms whole forms.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
}, true);
