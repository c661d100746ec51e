// questionnaire.js — enableWhen in the browser, as progressive enhancement
// (docs/questionnaires.md). The server renders every item of a
// questionnaire's form and marks the ones the answers as they stand turn off
// (hidden, their inputs disabled, so they are neither sent nor required);
// this script settles the same conditions again as the person answers, so a
// follow-up shows at once instead of after "Lagre utkast". It mirrors
// qf_enabled (src/domain/questionnaire_answers.c): every operator, any/all,
// a follow-up only while its question is answered, an item only while the
// item it is in is on, in rounds until nothing changes. The server stays the
// authority: it settles again on every save and submit and drops the answers
// of what is off. Each item's data- attributes come from web/qform_enable.c.
(function () {
  'use strict';
  var first = document.querySelector('form [data-item]');
  if (!first) return;
  var form = first.closest('form');

  var items = [];
  var byIndex = {};
  form.querySelectorAll('[data-item]').forEach(function (el) {
    var it = {
      index: Number(el.getAttribute('data-item')),
      el: el,
      parent: el.hasAttribute('data-parent') ? Number(el.getAttribute('data-parent')) : -1,
      followup: el.hasAttribute('data-followup'),
      values: el.hasAttribute('data-values') ? JSON.parse(el.getAttribute('data-values')) : null,
      when: el.hasAttribute('data-when') ? JSON.parse(el.getAttribute('data-when')) : [],
      all: el.getAttribute('data-behavior') === 'all'
    };
    items.push(it);
    byIndex[it.index] = it;
  });

  // A question's answers as the form would send them (a read-only one's
  // from the page).
  function answers(index) {
    var it = byIndex[index];
    if (it && it.values) return it.values;
    var out = [];
    form.querySelectorAll('[name="a' + index + '"]').forEach(function (input) {
      if (input.type === 'radio' || input.type === 'checkbox') {
        if (input.checked) out.push(input.value);
      } else if (input.value.trim() !== '') {
        out.push(input.value.trim());
      }
    });
    return out;
  }

  // A number as typed, with a decimal comma or point (strtod's 0 for none).
  function number(text) {
    var x = parseFloat(String(text).split(' ')[0].replace(',', '.'));
    return isNaN(x) ? 0 : x;
  }

  function compare(c, v) {
    var a = c.number ? number(v) : v;
    var b = c.number ? number(c.value) : c.value;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function hit(c, v) {
    switch (c.op) {
      case '=':
      case '!=': return !c.never && compare(c, v) === 0;
      case '>': return compare(c, v) > 0;
      case '<': return compare(c, v) < 0;
      case '>=': return compare(c, v) >= 0;
      case '<=': return compare(c, v) <= 0;
      default: return false;
    }
  }

  function holds(c, enabled) {
    if ('fixed' in c) return c.fixed; // a question the page does not show: settled by the server
    var values = enabled[c.item] ? answers(c.item) : [];
    if (c.op === 'exists') return (values.length > 0) === (c.value === 'true');
    if (values.length === 0) return false;
    var any = values.some(function (v) { return hit(c, v); });
    return c.op === '!=' ? !any : any;
  }

  function on(it, enabled) {
    if (it.parent >= 0) {
      if (!enabled[it.parent]) return false;
      if (it.followup && answers(it.parent).length === 0) return false;
    }
    if (it.when.length === 0) return true;
    for (var k = 0; k < it.when.length; k++) {
      var h = holds(it.when[k], enabled);
      if (h && !it.all) return true;
      if (!h && it.all) return false;
    }
    return it.all;
  }

  function show(el, enabled) {
    el.hidden = !enabled;
    if (el.tagName === 'FIELDSET') {
      el.disabled = !enabled;
      return;
    }
    el.querySelectorAll('input, select, textarea, button').forEach(function (input) {
      input.disabled = !enabled;
    });
  }

  function settle() {
    var enabled = {};
    items.forEach(function (it) { enabled[it.index] = true; });
    // A condition may look at a later item: rounds, as on the server.
    for (var round = 0; round <= items.length; round++) {
      var changed = false;
      items.forEach(function (it) {
        var e = on(it, enabled);
        changed = changed || e !== enabled[it.index];
        enabled[it.index] = e;
      });
      if (!changed) break;
    }
    items.forEach(function (it) {
      show(it.el, enabled[it.index]);
      form.querySelectorAll('[data-part-of="' + it.index + '"]').forEach(function (el) {
        show(el, enabled[it.index]);
      });
    });
  }

  form.addEventListener('input', settle);
  form.addEventListener('change', settle);
  settle(); // a page restored from the back/forward cache keeps what was typed
})();
