// session.js — warns a couple of minutes before an idle session ends and
// offers to stay logged in. Safety never depends on it: the server ends idle
// sessions by itself. Texts come from data attributes the server rendered.
(function () {
  'use strict';
  var body = document.body;
  var idle = parseInt(body.getAttribute('data-idle') || '0', 10);
  if (!(idle > 0)) return;
  var WARN_BEFORE = 120;

  function csrfToken() {
    var input = document.querySelector('input[name="csrf"]');
    return input ? input.value : '';
  }

  function showWarning() {
    var box = document.createElement('div');
    box.className = 'ds-alert hs-idle-warning';
    box.setAttribute('data-color', 'warning');
    box.setAttribute('role', 'alert');
    var text = document.createElement('p');
    text.className = 'ds-paragraph';
    text.textContent = body.getAttribute('data-idle-warning');
    var form = document.createElement('form');
    form.method = 'post';
    form.action = '/session/extend';
    var csrf = document.createElement('input');
    csrf.type = 'hidden'; csrf.name = 'csrf'; csrf.value = csrfToken();
    var back = document.createElement('input');
    back.type = 'hidden'; back.name = 'back'; back.value = location.pathname + location.search;
    var button = document.createElement('button');
    button.className = 'ds-button';
    button.setAttribute('data-variant', 'primary');
    button.type = 'submit';
    button.textContent = body.getAttribute('data-idle-extend');
    form.appendChild(csrf); form.appendChild(back); form.appendChild(button);
    box.appendChild(text); box.appendChild(form);
    document.querySelector('main').prepend(box);
    button.focus();
  }

  function ended() {
    var box = document.querySelector('.hs-idle-warning');
    if (box) box.querySelector('p').textContent = body.getAttribute('data-idle-ended');
    var form = box && box.querySelector('form');
    if (form) form.remove();
  }

  setTimeout(showWarning, Math.max(0, idle - WARN_BEFORE) * 1000);
  setTimeout(ended, idle * 1000);
})();
