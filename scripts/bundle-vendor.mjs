// After tsc: each dist/vendor/<name>.js (a re-export of a package) becomes one file holding that
// package and its dependencies. Node loads an ES module graph file by file (resolve, read, compile,
// link); execa, zod and yaml were about 300 of the 425 files `kubelab run` opened before its first
// kubectl. esbuild is the bundler vitest already brings; the bundles are built, never committed.
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/vendor/', import.meta.url));
const out = fileURLToPath(new URL('../dist/vendor/', import.meta.url));
const names = readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));

const results = await Promise.all(names.map((name) => build({
  entryPoints: [`${src}${name}.ts`],
  outfile: `${out}${name}.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The CommonJS parts inside (cross-spawn, yaml's dist) call require() for Node's own modules.
  banner: { js: "import { createRequire as kubelabVendorRequire } from 'node:module';\nconst require = kubelabVendorRequire(import.meta.url);" },
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
})));

// Their licences travel with them: each bundled package's name, version and licence text.
const root = fileURLToPath(new URL('../', import.meta.url));
const packages = new Set();
for (const { metafile } of results) {
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
}
const notices = [...packages].sort().map((dir) => {
  const abs = join(root, dir);
  const pkg = JSON.parse(readFileSync(join(abs, 'package.json'), 'utf8'));
  const licence = readdirSync(abs).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = licence ? readFileSync(join(abs, licence), 'utf8').trim() : `License: ${pkg.license ?? 'not stated'}`;
  return `${pkg.name} ${pkg.version}\n${'-'.repeat(`${pkg.name} ${pkg.version}`.length)}\n${text}\n`;
});
writeFileSync(join(out, 'THIRD-PARTY-LICENSES.txt'), `The files in this folder bundle these packages (scripts/bundle-vendor.mjs):\n\n${notices.join('\n')}`);
