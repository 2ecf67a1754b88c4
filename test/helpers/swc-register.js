/**
 * `node -r ./test/helpers/swc-register.js app/main.ts`: runs the TypeScript sources directly,
 * compiled by swc as jest does, so tests can spawn the real server without a build step.
 * Compiled files are cached in the OS temp folder keyed by their content hash.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const cacheDir = path.join(os.tmpdir(), `lotse-swc-cache-${process.getuid ? process.getuid() : 'user'}`);
fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(filename).update(source).digest('hex').slice(0, 32);
  const cached = path.join(cacheDir, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transformSync(source, {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    }).code;
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  module._compile(code, filename);
};
