import { en } from 'zod/locales';
import { config } from 'zod/mini';

// zod/mini, not classic zod: its functions tree-shake, which keeps ~420 KB out of the HTTP function's
// bundle (README "Cold start"). Import it as `import * as z from './zod.js'`: a namespace re-exported
// as one object would not tree-shake. mini carries no messages of its own; English ones keep
// configuration errors and the simulator's 400s readable.
// jitless: by default zod probes `new Function` and compiles a parser for each object schema on its first
// parse. A Lambda instance parses each schema a few times, so compiling costs more than it saves: without
// it the acknowledgement's module init fell from ~32 to ~25 ms (README "Benchmarks").
config({ ...en(), jitless: true });

export * from 'zod/mini';
