// Time as a parameter: the modules take a scheduler so that tests drive the clock.

/** The browser's (or Node's) timers. */
export const realScheduler = Object.freeze({
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
  now: () => Date.now(),
  random: () => Math.random(),
});
