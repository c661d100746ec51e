// qform.mjs — reading a questionnaire's form (web/qform.h) in HTTP tests.
// Every item but a hidden one is on the page; one that enableWhen turns off
// with the answers as they stand is hidden and its inputs disabled, so a
// browser neither sends nor requires it (static/questionnaire.js turns it
// on as the person answers).

// The answers the page offers: the names (a0, a1, ...) of its enabled
// inputs, each once, in page order.
export function offeredFields(html) {
  return [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => m[0])
    .filter((tag) => !/ disabled(?=[\s>])/.test(tag))
    .map((tag) => tag.match(/name="(a\d+)"/)?.[1])
    .filter((v, i, a) => v && a.indexOf(v) === i);
}
