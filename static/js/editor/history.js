// Undo and redo of documents: two stacks of whole documents. Documents are
// immutable and share unchanged parts, so a stack entry costs little.

export function createHistory(limit = 200) {
  return { past: [], future: [], limit, lastKey: null };
}

/**
 * The history after a change away from `previous`. Changes with the same
 * non-empty `key` in a row (typing into one field) make one undo step.
 */
export function record(history, previous, key = null) {
  if (key !== null && key === history.lastKey && history.past.length > 0) {
    return { ...history, future: [] };
  }
  const past = [...history.past, previous].slice(-history.limit);
  return { ...history, past, future: [], lastKey: key };
}

export function canUndo(history) {
  return history.past.length > 0;
}

export function canRedo(history) {
  return history.future.length > 0;
}

/** {history, doc} one step back from `current`, or null when there is nothing to undo. */
export function undo(history, current) {
  if (!canUndo(history)) return null;
  const doc = history.past[history.past.length - 1];
  return {
    doc,
    history: { ...history, past: history.past.slice(0, -1), future: [current, ...history.future], lastKey: null },
  };
}

export function redo(history, current) {
  if (!canRedo(history)) return null;
  const [doc, ...future] = history.future;
  return {
    doc,
    history: { ...history, past: [...history.past, current].slice(-history.limit), future, lastKey: null },
  };
}
