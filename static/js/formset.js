// "Add a row" for Django formsets: clones the empty form kept in a <template>.
// Without JavaScript every section still offers one blank row.
document.querySelectorAll("[data-formset-add]").forEach(function (button) {
  var prefix = button.dataset.formsetAdd;
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var body = document.querySelector('[data-formset-body="' + prefix + '"]');
  var template = document.querySelector('[data-formset-template="' + prefix + '"]');
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var first = body.lastElementChild.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  });
});
