// Injected by esbuild: gives bundled ESM packages a working import.meta.url in the CommonJS bundle.
export const import_meta_url = require('node:url').pathToFileURL(__filename).href;
