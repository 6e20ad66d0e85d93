// A form marked data-confirm="question" asks in a dialog before it is sent: decisions that cannot be undone.
// The page gives the words: the question, the cancel label (data-confirm-cancel) and, for the confirming
// button, the label of the button that sent the form. A form the browser finds incomplete is sent without
// asking, so that the server says what is missing beside its field.
(function () {
  "use strict";

  var confirmedForm = null; // the form being sent again after "yes"

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function buildDialog(question, cancelLabel, okLabel, okClass) {
    var dialog = element("div", "modal fade");
    dialog.tabIndex = -1;
    dialog.setAttribute("aria-labelledby", "dv-confirm-question");
    var content = element("div", "modal-content");
    var body = element("div", "modal-body");
    var text = element("p", "mb-0", question);
    text.id = "dv-confirm-question";
    var footer = element("div", "modal-footer");
    var cancel = element("button", "btn btn-outline-secondary", cancelLabel);
    var ok = element("button", okClass, okLabel);
    cancel.type = ok.type = "button";
    cancel.setAttribute("data-bs-dismiss", "modal");
    body.append(text);
    footer.append(cancel, ok);
    content.append(body, footer);
    dialog.append(element("div", "modal-dialog modal-dialog-centered"));
    dialog.firstChild.append(content);
    return { dialog: dialog, cancel: cancel, ok: ok };
  }

  function ask(form, submitter) {
    var sender = submitter || form.querySelector("button:not([type]), [type=submit]");
    var answered = false;
    var parts = buildDialog(
      form.dataset.confirm,
      form.dataset.confirmCancel,
      sender.textContent.trim(),
      sender.className.replace(/\b(btn-sm|w-100)\b/g, "")
    );
    document.body.append(parts.dialog);
    var modal = new bootstrap.Modal(parts.dialog);
    parts.dialog.addEventListener("shown.bs.modal", function () {
      parts.cancel.focus(); // Enter takes the safe answer
    });
    parts.dialog.addEventListener("hidden.bs.modal", function () {
      modal.dispose();
      parts.dialog.remove();
      if (!answered) {
        sender.focus();
      }
    });
    parts.ok.addEventListener("click", function () {
      parts.ok.disabled = answered = true;
      confirmedForm = form;
      modal.hide();
      form.requestSubmit(submitter || null);
    });
    modal.show();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form === confirmedForm) {
      confirmedForm = null; // asked once: sent now
      return;
    }
    var question = form.dataset.confirm;
    if (!question || !form.checkValidity()) {
      return;
    }
    event.preventDefault();
    if (form.dataset.confirmCancel) {
      ask(form, event.submitter);
    } else if (window.confirm(question)) {
      // A form that does not give the dialog's words gets the browser's own question.
      confirmedForm = form;
      form.requestSubmit(event.submitter || null);
    }
  });
})();
