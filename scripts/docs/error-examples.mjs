// An error table's entries as example text: each entry is a function of the failure's facts, called
// with representative facts (core's page, docs/errors.md) or with none said (a plugin's page).

function placeholder(name) {
  const text = `<${name}>`;
  // Works as a string, a list (join/length) and in JSON.stringify alike.
  return Object.assign([text], { toString: () => text, toJSON: () => text });
}

/**
 * An entry's text for example facts. A fact the sample holds as `undefined` stays unset, so a plugin
 * entry whose call sites say the line (`reason`, `hint`) shows what the code means and its usual fix.
 */
export function example(define, sample) {
  const facts = new Proxy(
    {},
    {
      get: (_t, key) =>
        typeof key !== 'string' ? undefined : key in sample ? sample[key] : placeholder(key),
    },
  );
  return define(facts);
}

const UNSAID = { reason: undefined, hint: undefined };

/** One section per code of a plugin's `defineErrors()` table: what the code means, and the fix. */
export function pluginErrorSections(catalogue) {
  return Object.entries(catalogue.definitions)
    .map(([code, define]) => {
      const text = example(define, UNSAID);
      return `### ${code}\n\n> ${text.message}\n\n**Fix:** ${text.hint}`;
    })
    .join('\n\n');
}
