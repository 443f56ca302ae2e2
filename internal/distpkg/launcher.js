#!/usr/bin/env node
// hookrun's npm launcher. The hookrun binary comes in a package per platform, an optional
// dependency of this one that npm installs only where its os and cpu match; this script
// finds the one for this machine and runs it with the same arguments, then ends as it
// ended: with its exit code, or killed by the same signal. It runs no install script
// and needs no network.
'use strict';

const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

// "process.platform process.arch" -> the package that carries that binary.
const packages = /* PLATFORM PACKAGES */ {};

function fail(message) {
  process.stderr.write('hookrun: ' + message + '\n');
  process.exit(1);
}

function binaryPath() {
  const key = process.platform + ' ' + process.arch;
  const pkg = packages[key];
  if (!pkg) {
    fail('no hookrun binary is published for ' + process.platform + '/' + process.arch +
      ' (there are ' + Object.keys(packages).join(', ') + ');' +
      ' build it with: go install github.com/hookrun/hookrun/cmd/hookrun@latest');
  }
  let manifest;
  try {
    manifest = require.resolve(pkg + '/package.json');
  } catch (err) {
    fail('the package ' + pkg + ', which holds the hookrun binary for this platform, is not installed.' +
      ' npm installs it as an optional dependency of hookrun: reinstall hookrun without' +
      ' --omit=optional (or --no-optional), and with a lockfile made where ' + pkg + ' could install.');
  }
  return path.join(path.dirname(manifest), 'bin', process.platform === 'win32' ? 'hookrun.exe' : 'hookrun');
}

function main() {
  const bin = binaryPath();
  // Signals sent to this process go on to hookrun. On Windows a console's Ctrl-C reaches
  // hookrun by itself, and kill() there would end it at once, before it could put the
  // stashed work back: the launcher only stays alive until hookrun ends. The listeners
  // are in place before hookrun starts: a signal that came between the two would find
  // node's default, and end the launcher with hookrun left running. (Node runs them
  // from its event loop, after main returns, so child is set by then.)
  const signals = process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  let child = null;
  const forward = (sig) => {
    if (process.platform !== 'win32' && child.exitCode === null && child.signalCode === null) {
      child.kill(sig);
    }
  };
  for (const sig of signals) {
    process.on(sig, forward);
  }
  child = spawn(bin, process.argv.slice(2), { stdio: 'inherit' });
  child.on('error', (err) => fail('run ' + bin + ': ' + err.message));
  child.on('exit', (code, signal) => {
    for (const sig of signals) {
      process.removeListener(sig, forward);
    }
    if (signal === null) {
      process.exit(code);
    }
    // Die of the same signal, so the caller (git, a shell, CI) sees what hookrun saw;
    // if it does not kill (node ignores SIGPIPE), exit as a shell reports it.
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (os.constants.signals[signal] || 0)), 500);
  });
}

main();
