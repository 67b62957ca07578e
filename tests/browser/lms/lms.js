// A minimal LMS for the SCORM tests: scorm-again's SCORM 1.2 runtime as window.API, every
// call recorded in order, and the package's launch file (read off its manifest) in a frame.
const calls = [];
window.__calls = calls;
const api = new Scorm12API({ autocommit: false, logLevel: 5 });
// What the LMS kept from an earlier session (set by the test before this page loads).
if (window.__saved) api.loadFromJSON(window.__saved);
for (const name of ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]) {
  const real = api[name].bind(api);
  api[name] = (...args) => {
    const result = real(...args);
    calls.push({ name, args, result: String(result), error: String(api.LMSGetLastError()) });
    return result;
  };
}
window.API = api;
window.__cmi = () => JSON.parse(JSON.stringify(api.cmi));
fetch("package/imsmanifest.xml")
  .then((response) => response.text())
  .then((text) => {
    const manifest = new DOMParser().parseFromString(text, "application/xml");
    const sco = [...manifest.getElementsByTagName("resource")].find((r) => r.getAttribute("adlcp:scormtype") === "sco");
    document.getElementById("sco").src = "package/" + sco.getAttribute("href");
  });
