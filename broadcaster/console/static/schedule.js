// Lịch phát: add and remove slot rows in a series' form (the server checks what is sent).
// A refused change (422) comes back as the form with the rules' lines: let htmx show it.
if (window.htmx) {
  htmx.config.responseHandling = [
    {code: "204", swap: false},
    {code: "[23]..", swap: true},
    {code: "422", swap: true, error: false},
    {code: "[45]..", swap: false, error: true},
    {code: "...", swap: false}
  ];
}
(function () {
  var counter = 0;
  document.addEventListener("click", function (event) {
    var add = event.target.closest(".add-slot");
    if (add) {
      var form = add.closest("form");
      var template = form.querySelector("template.new-slot");
      counter += 1;
      var key = "n" + Date.now().toString(36) + counter;
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.split("__key__").join(key);
      var row = holder.firstElementChild;
      form.querySelector(".rows").appendChild(row);
      row.querySelector("input[type=time]").focus();
      return;
    }
    var remove = event.target.closest(".remove-slot");
    if (remove) remove.closest("fieldset.slot").remove();
  });
})();
