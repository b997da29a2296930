// Entry point of the benchmark child processes: `node --expose-gc child.mjs TASK 'JSON args'`
// runs one task and prints its result as JSON on stdout.
const TASKS = {
  decodeThroughput: () => import("./decode.mjs"),
  decodeMemory: () => import("./decode.mjs"),
  base64: () => import("./base64.mjs"),
  validate: () => import("./validate.mjs"),
  endToEndClient: () => import("./end-to-end.mjs"),
};

const [task, json = "{}"] = process.argv.slice(2);
const load = TASKS[task];
if (!load) throw new Error(`unknown task ${task}`);
const module = await load();
const result = await module[task](JSON.parse(json));
process.stdout.write(JSON.stringify(result));
