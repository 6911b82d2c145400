/*
 * The connect page's script. It speaks to the window that embeds the page, exactly as
 * @kombo-api/connect's showKomboConnect(url) listens for (it only accepts messages whose source is
 * its iframe, and reads `type` and `data`):
 *   {type: "success", data: {activation_token}}  when the flow finished: the promise resolves with the token;
 *   {type: "close"}                               when the user cancels: the promise rejects (cancelled).
 * Opened on its own (a MAGIC_LINK), there is no embedding window and nothing is posted.
 */
(function () {
  'use strict';
  var embedded = false;
  try {
    embedded = window.parent !== window;
  } catch (err) {
    embedded = true;
  }
  if (embedded) document.documentElement.classList.add('embedded');

  function post(message) {
    // The target origin is unknown (any customer page may embed us); the activation token is
    // useless without the customer's API key, which only their backend holds.
    if (embedded) window.parent.postMessage(message, '*');
  }

  document.addEventListener('DOMContentLoaded', function () {
    var done = document.getElementById('connect-success');
    if (done) {
      var token = done.getAttribute('data-activation-token');
      if (token) post({ type: 'success', data: { activation_token: token } });
      return;
    }
    if (embedded) {
      var closers = document.querySelectorAll('[data-close]');
      for (var i = 0; i < closers.length; i++) {
        closers[i].hidden = false;
        closers[i].addEventListener('click', function () {
          post({ type: 'close' });
        });
      }
      document.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') post({ type: 'close' });
      });
    }
    var form = document.querySelector('form.credentials');
    if (form) {
      form.addEventListener('submit', function () {
        var button = form.querySelector('button[type="submit"]');
        if (button) {
          button.disabled = true;
          button.textContent = 'Checking with ' + (form.getAttribute('data-tool-label') || 'the tool') + '\u2026';
        }
        form.setAttribute('aria-busy', 'true');
      });
      var first = form.querySelector('input:not([type="hidden"])');
      if (first) first.focus();
      return;
    }
    var choice = document.querySelector('.tool-choice');
    if (choice) choice.focus();
  });
})();
