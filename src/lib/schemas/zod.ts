import { en } from 'zod/locales';
import { config } from 'zod/mini';

// zod/mini, not classic zod: its functions tree-shake, which keeps ~420 KB out of the HTTP function's
// bundle (README "Cold start"). Import it as `import * as z from './zod.js'`: a namespace re-exported
// as one object would not tree-shake. mini carries no messages of its own; English ones keep
// configuration errors and the simulator's 400s readable.
config(en());

export * from 'zod/mini';
