// The dvs-rs web client page. IDScan's web library (@idscan/idvc2) captures the ID and the
// selfie when a license key is set and valid; otherwise file inputs build the same payload.
// Either way the payload goes to the WebAssembly client (dvs-public, public key), which
// creates the request on DVS; the request id goes to our backend (secret key), which
// answers with the client-safe summary shown here.
import init, { createRequest } from '/static/pkg/dvs_web_client.js';

const $ = (id) => document.getElementById(id);

function status(text, kind = '') {
  const line = $('status');
  line.textContent = text;
  line.className = kind;
}

// What the user should do, by the wasm client's error kind.
const ADVICE = {
  retake: 'Please retake the photos and try again.',
  try_later: 'The verification service is not available right now. Please try again in a few minutes.',
  start_again: 'Something interrupted the verification. Please start again.',
  setup: 'This page is not set up correctly. Please contact the site owner.',
};

// What the backend's error codes ask of the user (examples/backend-app).
const BACKEND_ADVICE = {
  document_rejected: ADVICE.retake,
  invalid_submission: ADVICE.retake,
  dvs_busy: ADVICE.try_later,
  dvs_failed: ADVICE.try_later,
  dvs_unreachable: ADVICE.try_later,
  dvs_timeout: ADVICE.start_again,
  request_expired: ADVICE.start_again,
  already_processed: ADVICE.start_again,
  unknown_request: ADVICE.start_again,
  too_many_verifications: ADVICE.try_later,
  verification_pending: ADVICE.try_later,
  backend_unavailable: ADVICE.try_later,
  invalid_claim: 'Please enter your date of birth as a date (for example 1990-01-31).',
};

let config;
let library;

// The demo's stand-in for your sign-in: the backend (examples/backend-app, `sign_in.rs`) binds
// each request id to the user named in `X-Demo-User`. One random user per browser tab here;
// a real page sends its session cookie or token instead.
function demoUser() {
  let user = sessionStorage.getItem('dvs-demo-user');
  if (!user) {
    user = `web-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
    sessionStorage.setItem('dvs-demo-user', user);
  }
  return user;
}

// The request id, and what the user typed for the identity match when they typed it
// (the backend answers 400 invalid_claim for a date it cannot read).
function verificationBody(requestId) {
  const body = { requestId };
  const name = $('claimedName').value.trim();
  const dateOfBirth = $('claimedDateOfBirth').value.trim();
  if (name) body.claimedName = name;
  if (dateOfBirth) body.claimedDateOfBirth = dateOfBirth;
  return body;
}

// The one path from a submit payload (the library's, or built from files) to the result.
async function submit(payload) {
  $('result').hidden = true;
  status('Uploading the photos to the verification service…');
  let requestId;
  try {
    requestId = await createRequest(config.publicKey, config.dvsBaseUrl, JSON.stringify(payload));
  } catch (e) {
    const kind = e && e.kind ? e.kind : 'start_again';
    const code = e && e.code ? ` (${e.code})` : '';
    status(`${ADVICE[kind] || ADVICE.start_again}${code}`, 'error');
    document.body.dataset.state = `error:${kind}`;
    return { error: kind, code: e && e.code ? e.code : null, message: e && e.message ? e.message : String(e) };
  }
  status('Checking the document…');
  let answer;
  try {
    const response = await fetch('/verifications', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Demo-User': demoUser() },
      body: JSON.stringify(verificationBody(requestId)),
    });
    answer = await response.json();
    if (!response.ok) {
      status(BACKEND_ADVICE[answer.error] || ADVICE.start_again, 'error');
      document.body.dataset.state = `error:${answer.error}`;
      return { error: answer.error };
    }
  } catch (e) {
    status(ADVICE.try_later, 'error');
    document.body.dataset.state = 'error:backend';
    return { error: 'backend' };
  }
  show(answer);
  return { outcome: answer.outcome, reasons: answer.reasons || [], ageVerified: answer.ageVerified };
}

function show(summary) {
  const outcome = String(summary.outcome || 'unknown').toLowerCase();
  $('outcome').textContent = outcome;
  $('outcome').dataset.outcome = outcome;
  const reasons = $('reasons');
  reasons.replaceChildren();
  for (const reason of summary.reasons || []) {
    const item = document.createElement('li');
    item.textContent = typeof reason === 'string' ? reason : JSON.stringify(reason);
    reasons.append(item);
  }
  const age = $('age');
  if (age) {
    // Only with a minimum age in the backend's policy (DVS_MIN_AGE): yes/no, never the date.
    const verified = summary.ageVerified;
    age.hidden = verified === undefined || verified === null;
    age.textContent = verified ? 'age verified: yes' : 'age verified: no';
  }
  const scores = $('scores');
  while (scores.rows.length > 0) scores.deleteRow(0); // keeps the caption
  for (const [name, value] of Object.entries(summary.scores || {})) {
    const row = scores.insertRow();
    row.insertCell().textContent = name.replace(/([A-Z])/g, ' $1').toLowerCase();
    row.insertCell().textContent = value === null || value === undefined ? 'n/a' : String(value);
  }
  $('result').hidden = false;
  status(`Done: ${outcome}.`, 'done');
  document.body.dataset.state = `done:${outcome}`;
  // Keyboard and screen-reader users land on the result.
  $('resultHeading').focus();
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// The library's payload shape (IDataForSubmit) from the file inputs: capture method `0`
// (file) for each step, as the library writes it for uploads.
async function payloadFromFiles() {
  const documentType = Number($('documentType').value);
  const passport = documentType === 2;
  const steps = [];
  const add = async (input, type) => {
    const file = $(input).files[0];
    if (file) steps.push({ type, img: await readAsDataUrl(file), source: 'file' });
  };
  await add('front', passport ? 'mrz' : 'front');
  if (!passport) await add('back', 'back');
  await add('selfie', 'face');
  const metaData = JSON.stringify({
    userAgent: navigator.userAgent,
    capturedMethod: '0'.repeat(steps.length),
    version: 'dvs-rs file inputs',
    logs: [],
  });
  return { steps, documentType, metaData };
}

// The page is ready once the capture library is mounted or the file inputs show: the
// `dvs-ready` mark (its time is in docs/performance.md, read by the browser test).
function markReady() {
  if (performance.getEntriesByName('dvs-ready').length === 0) performance.mark('dvs-ready');
}

function useFileInputs(reason) {
  $('capture').hidden = true;
  $('files').hidden = false;
  $('mode').textContent = `Mode: file upload (${reason}).`;
  document.body.dataset.mode = 'files';
  status('Choose the photos of your document and a selfie, then press Verify.');
  markReady();
}

async function mountLibrary() {
  $('capture').hidden = false;
  $('mode').textContent = 'Mode: camera capture with IDScan\'s web library.';
  document.body.dataset.mode = 'camera';
  status('Follow the steps to capture your document and a selfie.');
  let IDVC;
  try {
    // A versioned path (`/idvc/3.10.0/`): cached for good, a new version is a new URL.
    ({ default: IDVC } = await import(`${config.libraryPath}idvc.js`));
  } catch (e) {
    useFileInputs('the capture library could not be loaded');
    return;
  }
  // The library checks the license key itself; an invalid key leaves its steps disabled
  // and shows "License Key is Not Valid": then the page offers the file inputs too.
  const watch = new MutationObserver(() => {
    if (/not valid/i.test($('videoCapturingEl').textContent)) {
      watch.disconnect();
      // The library's steps stay disabled: hidden, so no control is offered that cannot be
      // used (the mode line says why).
      $('capture').hidden = true;
      $('files').hidden = false;
      $('mode').textContent = 'Mode: file upload (the license key was not accepted by the capture library).';
      document.body.dataset.mode = 'files';
      status('The camera capture is not available: choose the photos instead.');
      markReady();
    }
  });
  watch.observe($('videoCapturingEl'), { childList: true, subtree: true, characterData: true });
  library = new IDVC({
    el: 'videoCapturingEl',
    licenseKey: config.licenseKey,
    networkUrl: `${config.libraryPath.replace(/^\//, '')}networks`,
    useCDN: false,
    language: 'en',
    documentTypes: [
      { type: 'ID', steps: [
        { type: 'front', name: 'Document Front', mode: { uploader: true, video: true } },
        { type: 'pdf', name: 'Document PDF417 Barcode', mode: { uploader: true, video: true } },
        { type: 'face', name: 'Face', mode: { uploader: true, video: true } },
      ] },
      { type: 'Passport', steps: [
        { type: 'mrz', name: 'Passport Front', mode: { uploader: true, video: true } },
        { type: 'face', name: 'Face', mode: { uploader: true, video: true } },
      ] },
    ],
    submit(data) {
      submit(data);
    },
  });
  markReady();
}

async function start() {
  try {
    await init();
  } catch (e) {
    status('This browser could not start the verification client (WebAssembly).', 'error');
    return;
  }
  config = await (await fetch('/config')).json();
  // The hooks the end-to-end test drives, with the same code the library's `submit` calls.
  window.dvsDemo = { submit, payloadFromFiles };
  $('files').addEventListener('submit', async (event) => {
    event.preventDefault();
    submit(await payloadFromFiles());
  });
  $('again').addEventListener('click', () => {
    $('result').hidden = true;
    if (library) library.resetAllSteps();
    status('Ready for a new verification.');
  });
  if (!config.library) {
    useFileInputs('the capture library is not installed: run tests/idvc/fetch.sh');
  } else if (!config.licenseKey) {
    useFileInputs('no license key: set IDVC_LICENSE_KEY to use the camera capture');
  } else {
    await mountLibrary();
  }
  document.body.dataset.ready = 'true';
}

start();
