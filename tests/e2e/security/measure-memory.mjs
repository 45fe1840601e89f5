// Preloaded into the bot process (`--import`): samples the heap while it runs and, at exit, writes the peak
// resident size the kernel saw (getrusage maxRSS) and the heap figures to NEWSBOT_MEMORY_FILE as JSON.
import { writeFileSync } from 'node:fs';

const out = process.env.NEWSBOT_MEMORY_FILE;
if (out) {
  const heapAtStart = process.memoryUsage().heapUsed;
  let peakHeap = heapAtStart;
  const timer = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 10);
  timer.unref();
  process.on('exit', () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    writeFileSync(out, JSON.stringify({ heapAtStart, peakHeap, maxRssBytes }));
  });
}
