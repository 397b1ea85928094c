import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rule of docs/ARCHITECTURE.md ("Layers"), checked on the import lines themselves.
const importsOf = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/^(?:import|export)[^;]*? from '([^']+)'/gms)].map(
        (match) => `${file}: ${match[1]}`,
      ),
    );

describe('layers', () => {
  it('keeps use cases off the adapters: they depend on src/lib/app/ports', () => {
    const app = importsOf('src/lib/app');
    expect(app.length).toBeGreaterThan(50);
    expect(app.filter((line) => line.includes('/adapters/'))).toEqual([]);
  });

  it('keeps core pure: only other core modules, Block Kit types, luxon and node:crypto', () => {
    const core = importsOf('src/lib/core');
    expect(core.length).toBeGreaterThan(50);
    const packages = /: (@slack\/types|luxon|node:crypto)$/;
    // A relative import stays inside core (core/commands/ reads its parent's modules).
    const insideCore = (line: string) => {
      const [file = '', from = ''] = line.split(': ');
      return from.startsWith('.') && !normalize(join(dirname(file), from)).startsWith('..');
    };
    expect(core.filter((line) => !packages.test(line) && !insideCore(line))).toEqual([]);
  });
});
