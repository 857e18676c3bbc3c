// Runs the built CLI's run() in a plain Node process (not jest's module VM, which cannot link
// @inquirer's modules) with terminal-like streams, types keys once the prompt they answer is shown,
// and prints {code, stdout, stderr, keychain}.
// Usage: node tty-driver.mjs '<json {argv, cwd, env, keys: [{ after: "prompt text", type: "keys" }]}>'
import { PassThrough } from 'node:stream';

const { argv, cwd, env, keys } = JSON.parse(process.argv[2]);
const { run } = await import(new URL('../../dist/main.js', import.meta.url).href);
const { memoryKeychain } = await import(new URL('../../dist/session/keychain.js', import.meta.url).href);

const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
const capture = () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  // Like process.stdout/stderr, a terminal cannot be ended by a prompt that pipes into it.
  return Object.assign(out, { isTTY: true, columns: 100, rows: 40, text: () => text, end: () => out });
};
const stdout = capture();
const stderr = capture();
const keychain = memoryKeychain();
const alive = setInterval(() => undefined, 50); // fake stdin keeps no handle open; a terminal would
const running = run({ argv, cwd, env, stdin, stdout, stderr, keychain });
let seen = 0;
for (const { after, type } of keys) {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const at = stderr.text().indexOf(after, seen);
    if (at >= 0) {
      seen = at + after.length;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  stdin.write(type);
}
const code = await running;
await new Promise((resolve) => setTimeout(resolve, 20)); // let the streams deliver the last chunks
clearInterval(alive);
process.stdout.write(
  JSON.stringify({
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    keychain: keychain.get('default') ?? null,
  }),
);
