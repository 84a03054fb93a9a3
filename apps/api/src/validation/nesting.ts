/**
 * Whether `value` nests objects or arrays more than `max` levels deep (a flat object is one
 * level). It walks the value with a stack of its own, never by recursion: what it guards
 * against is input deep enough to exhaust the call stack of whatever walks it next
 * (class-transformer, socket.io's binary check).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { node: unknown; level: number }[] = [{ node: value, level: 1 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, level } = entry;
    if (typeof node !== 'object' || node === null) continue;
    if (level > max) return true;
    for (const child of Object.values(node)) stack.push({ node: child, level: level + 1 });
  }
  return false;
}
