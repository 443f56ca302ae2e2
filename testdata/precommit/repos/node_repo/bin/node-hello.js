#!/usr/bin/env node
// Fails for files containing "var ", else reports how many it checked.
const fs = require("fs");
const bad = process.argv.slice(2).filter((f) => fs.readFileSync(f, "utf8").includes("var "));
for (const f of bad) console.log(`${f}: uses var`);
if (bad.length === 0) console.log(`node-hello checked ${process.argv.length - 2} file(s)`);
process.exit(bad.length ? 1 : 0);
