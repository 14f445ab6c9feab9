// Bundle the npm packages the view pages embed into kg/views/assets/vendor/ (git-ignored).
// Run by `make` (npm run bundle) after `npm ci`; writes each file whole or not at all, and a
// licences list of every package that ends up in a page.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "kg", "views", "assets", "vendor");
mkdirSync(out, { recursive: true });

function writeAtomic(name, text) {
  const tmp = join(out, `.${name}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(out, name));
}

async function bundle(entry, name) {
  const result = await build({
    entryPoints: [join(root, "js", "src", entry)], bundle: true, minify: true, format: "iife",
    target: "es2020", write: false, legalComments: "eof", metafile: true,
    loader: { ".json": "json" },
  });
  writeAtomic(name, result.outputFiles[0].text);
  return Object.keys(result.metafile.inputs);
}

function packageOf(path) {
  const parts = path.split("node_modules/")[1].split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

const used = new Set(["vis-timeline"]);
const entries = ["map-lib.js", "editor-lib.js", "network-lib.js"];
for (const input of (await Promise.all(entries.map((entry) => bundle(entry, entry)))).flat()) {
  if (input.includes("node_modules/")) used.add(packageOf(input));
}
const timeline = join(root, "node_modules", "vis-timeline");
writeAtomic("vis-timeline.js", readFileSync(join(timeline, "standalone", "umd", "vis-timeline-graph2d.min.js"), "utf8"));
writeAtomic("vis-timeline.css", readFileSync(join(timeline, "styles", "vis-timeline-graph2d.min.css"), "utf8"));
writeAtomic("vis-network.css", readFileSync(join(root, "node_modules", "vis-network", "styles", "vis-network.min.css"), "utf8"));

const licences = [...used].sort().map((name) => {
  const meta = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
  return { name, version: meta.version, license: meta.license };
});
writeAtomic("LICENSES.json", JSON.stringify(licences, null, 1) + "\n");
for (const l of licences) console.log(`bundled ${l.name}@${l.version} (${l.license})`);
