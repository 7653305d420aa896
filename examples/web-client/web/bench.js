// Browser timing of creating a request with three 2 MiB images, same page, same mock:
//   wasm: JSON.stringify(submit payload) + dvs_web_client.createRequest (IdvcSubmit, the
//         buffered body, fetch) until the answer is read;
//   js:   the library's prepareRequestDataForDiveApi + JSON.stringify + fetch until the
//         answer is read.
// Runs are interleaved (wasm, js, wasm, js …) after a warm-up of each; medians and the
// ratio are written to window.benchResult and the page. Open /static/bench.html?runs=N.
import init, { createRequest } from '/static/pkg/dvs_web_client.js';

const IMAGE_BYTES = 2 * 1024 * 1024;

function jpegLike(seed) {
  const bytes = new Uint8Array(IMAGE_BYTES);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes.length; i += 1) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

function dataUrl(bytes) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsDataURL(new Blob([bytes], { type: 'image/jpeg' }));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function run() {
  const runs = Number(new URLSearchParams(location.search).get('runs') || 10);
  await init();
  const config = await (await fetch('/config')).json();
  const { prepareRequestDataForDiveApi } = await import(`${config.libraryPath}idvc.js`);
  const payload = {
    steps: [
      { type: 'front', img: await dataUrl(jpegLike(1)), source: 'video' },
      { type: 'pdf', img: await dataUrl(jpegLike(2)), source: 'video', trackString: '@ANSI 636000100002DL' },
      { type: 'face', img: await dataUrl(jpegLike(3)), source: 'video' },
    ],
    documentType: 1,
    metaData: JSON.stringify({ userAgent: navigator.userAgent, capturedMethod: '111', version: 'bench' }),
  };
  const wasm = async () => {
    const t0 = performance.now();
    await createRequest(config.publicKey, config.dvsBaseUrl, JSON.stringify(payload));
    return performance.now() - t0;
  };
  const js = async () => {
    const t0 = performance.now();
    const body = await prepareRequestDataForDiveApi({ data: payload, versionAPI: '3' });
    const response = await fetch(`${config.dvsBaseUrl}api/v3/Request`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.publicKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await response.json();
    return performance.now() - t0;
  };
  await wasm();
  await js();
  const times = { wasm: [], js: [] };
  for (let i = 0; i < runs; i += 1) {
    times.wasm.push(await wasm());
    times.js.push(await js());
  }
  const images = 3 * IMAGE_BYTES / (1024 * 1024);
  const result = {
    runs,
    imagesMiB: images,
    wasmMedianMs: median(times.wasm),
    jsMedianMs: median(times.js),
    ratio: median(times.wasm) / median(times.js),
    wasmMiBPerS: images / (median(times.wasm) / 1000),
    jsMiBPerS: images / (median(times.js) / 1000),
    times,
  };
  window.benchResult = result;
  document.getElementById('figures').textContent = JSON.stringify(result, null, 2);
  document.getElementById('status').textContent = 'Done.';
}

run().catch((e) => {
  window.benchResult = { error: String(e) };
  document.getElementById('status').textContent = `Failed: ${e}`;
});
