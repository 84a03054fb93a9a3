#!/usr/bin/env node
// The command npm links at install time. It is here, not in dist/, because npm links no bin
// whose file is missing then, and in the repository dist/ is built only after `npm install`:
// without a link, `npx prontogram` would fetch whatever the registry has under that name.
try {
  require.resolve('../dist/main.js');
} catch {
  process.stderr.write('prontogram: not built yet: run `npx nx build cli` first\n');
  process.exit(1);
}
require('../dist/main.js');
