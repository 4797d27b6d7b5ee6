// The browser tests drive Debian's Chromium through playwright-core (Playwright's own browser
// download is not used). This makes sure it is there: installs it with apt when running as
// root on Debian/Ubuntu, otherwise says exactly what to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.error('Chromium not found: installing Debian package "chromium" (needed by the browser tests)...');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  if (existsSync(path)) process.exit(0);
}
console.error(
  `Chromium not found at ${path}. Install it (Debian/Ubuntu: "sudo apt-get install chromium") or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
);
process.exit(1);
