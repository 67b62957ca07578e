// Saved progress; bad or blocked storage reads as {} (see ../README.md).
const scope = "microlearn.v1:" + new URL("../../..", import.meta.url).pathname + ":";
const memory = {};

export function read(name) {
  try {
    const value = JSON.parse(memory[name] ?? localStorage.getItem(scope + name));
    if (value?.constructor === Object) return value;
  } catch {}
  return {};
}

export function write(name, value) {
  memory[name] = JSON.stringify(value);
  try {
    localStorage.setItem(scope + name, memory[name]);
  } catch {}
}

export function flag(name, id, on) {
  const flags = read(name);
  flags[id] = on || undefined;
  write(name, flags);
}
