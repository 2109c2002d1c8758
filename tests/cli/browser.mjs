// The search page in a real browser (Debian chromium, headless, through
// playwright-core): run by tests/cli/test-browser.sh with BASE (the server's
// URL) and PW (the playwright-core module). Prints "ok NAME" or "FAIL NAME: why"
// per check; SHOTS=DIR also writes DIR/results.png and DIR/document.png.
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PW);

const BASE = process.env.BASE;
const SHOTS = process.env.SHOTS || '';
let failures = 0;
function check(name, cond, why) {
  if (cond) console.log('ok ' + name);
  else { failures++; console.log('FAIL ' + name + ': ' + (why || '')); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  timeout: 60000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.setDefaultTimeout(15000);
  let dialogs = 0;
  const errors = [];
  page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // (an answer with an HTTP error status, 400 for a bad query, is logged by the browser: not a script error)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });

  await page.goto(BASE + '/');
  check('the page loads', await page.locator('#vb-q').count() === 1);
  await page.keyboard.press('/');
  check('"/" goes to the search box', await page.evaluate(() => document.activeElement.id === 'vb-q'));

  // a search typed without diacritics
  await page.locator('#vb-q').fill('tin dung den');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.hit');
  const hash = await page.evaluate(() => location.hash);
  check('the URL holds the query', hash.includes('q=tin+dung+den'), hash);
  const doc5287 = page.locator('article.doc', { has: page.locator('h2 a', { hasText: '5287/BCĐ' }) });
  const hits = doc5287.locator('.hit');
  check('three clauses of 5287/BCĐ', await hits.count() === 3, 'got ' + await hits.count());
  let marked = 0;
  for (let i = 0; i < await hits.count(); i++) {
    const marks = await hits.nth(i).locator('mark').allTextContents();
    if (marks.join(' ').toLowerCase().includes('tín dụng đen') || marks.map((m) => m.toLowerCase()).join(' ').includes('tín')) marked++;
  }
  check('each clause shows its mentions in <mark>', marked === 3, marked + ' of 3');
  const firstMark = (await hits.nth(0).locator('mark').first().textContent()) || '';
  check('mentions highlighted at the right characters', /^t[íi]n/i.test(firstMark), firstMark);
  check('the trích yếu is shown', (await doc5287.locator('.subject').textContent()).includes('tăng cường công tác'));
  if (SHOTS) await page.screenshot({ path: SHOTS + '/results.png', fullPage: false });

  // filter by year
  await page.locator('button[data-facet="year"][data-value="2020"]').click();
  await page.waitForFunction(() => location.hash.includes('nam%3A2020'));
  await page.waitForSelector('button[data-facet="year"][aria-pressed="true"]');
  check('the year filter goes into the query', (await page.inputValue('#vb-q')).includes('nam:2020'));
  check('filtered: still the three clauses', await page.locator('.hit').count() === 3);

  // the document view
  await doc5287.locator('h2 a').first().click();
  await page.waitForSelector('.docview section.clause');
  const nclauses = await page.locator('.docview section.clause').count();
  check('the document view shows the clause tree', nclauses > 10, nclauses + ' clauses');
  check('a clause has its anchor id="5.2"', await page.locator('section.clause[id="5.2"]').count() === 1);
  if (SHOTS) {   // at clause 3: its citations are links
    await page.goto(BASE + '/#doc=5287%2FBC%C4%90&at=3');
    await page.waitForSelector('section.clause.at');
    await page.screenshot({ path: SHOTS + '/document.png', fullPage: false });
    await page.goBack();
    await page.waitForSelector('.docview section.clause');
  }
  // a citation of an instrument not in the archive: the clauses citing it
  const out = page.locator('a.cite.out', { hasText: '10/CT-TTg' }).first();
  check('a citation is a link', await out.count() === 1);
  await out.click();
  await page.waitForFunction(() => location.hash.includes('cites='));
  await page.waitForSelector('.hit');
  check('the link lists the clauses citing 10/CT-TTg', await page.locator('.hit').count() >= 1);

  // a clause by its anchor
  await page.goto(BASE + '/#doc=5287%2FBC%C4%90&at=5.2');
  await page.waitForSelector('section.clause.at');
  check('#doc=…&at=5.2 marks that clause', await page.locator('section.clause.at').getAttribute('id') === '5.2');

  // the hostile document: text stays text. A change of the hash alone keeps the
  // document drawn before until the new one comes: wait for the new one's heading
  // (under a slow server, ASan, the old view's clause 1 was read here)
  const docShown = (n) => page.waitForFunction(
    (num) => [...document.querySelectorAll('.docview header h2')].some((h) => h.textContent.includes(num)), n);
  await page.goto(BASE + '/#doc=77%2FCT-UBND');
  await docShown('77/CT-UBND');
  await page.waitForSelector('.docview section.clause');
  const c1 = (await page.locator('section.clause[id="1"]').textContent()) || '';
  check('<script> shows as text', c1.includes('<script>alert(1)</script>'), c1);
  const c2 = (await page.locator('section.clause[id="2"]').textContent()) || '';
  check('"><img …> shows as text', c2.includes('"><img src=x onerror=alert(2)>'), c2);
  check('no script element from the data', await page.evaluate(() => document.scripts.length) === 1);
  check('no img element from the data', await page.locator('img').count() === 0);
  // its citation of 5287/BCĐ, in the archive: a link to that document
  const inLink = page.locator('a.cite.in').first();
  check('a citation of a document in the archive links to it', (await inLink.getAttribute('href') || '').startsWith('#doc=5287'));
  await inLink.click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('doc=5287/BCĐ'));
  await docShown('5287/BCĐ');
  await page.waitForSelector('section.clause[id="5.2"]');
  check('following it opens 5287/BCĐ', true);
  // and in the results
  await page.goto(BASE + '/#q=script+alert');
  await page.waitForSelector('.hit');
  const res = (await page.locator('#vb-view').textContent()) || '';
  check('hostile text in results shows as text', res.includes('<script>alert(1)</script>'));
  check('no script element after the results', await page.evaluate(() => document.scripts.length) === 1);
  await page.waitForTimeout(300);
  check('no alert or dialog fired', dialogs === 0, dialogs + ' dialogs');

  // the relation diagram: 12/2024/QĐ-UBND is amended (and its Điều 3 repealed) by 30/2025/QĐ-UBND
  await page.goto(BASE + '/#doc=12%2F2024%2FQ%C4%90-UBND');
  await page.waitForSelector('.docview section.clause');
  await page.waitForSelector('figure.relations', { timeout: 5000 }).catch(() => {});
  const fig = page.locator('figure.relations');
  check('a document page shows its relations', await fig.count() === 1);
  const figText = (await fig.textContent().catch(() => '')) || '';
  check('diagram: amended by 30/2025/QĐ-UBND', /Được sửa đổi, bổ sung bởi\s*30\/2025\/QĐ-UBND/.test(figText), figText.slice(0, 300));
  check('diagram: its status', (await page.locator('figure.relations .selfbox .st').textContent().catch(() => '')) === 'bị bãi bỏ một phần',
        await page.locator('figure.relations .selfbox').textContent().catch(() => ''));
  check('diagram: the part and date of the repeal', /Bị bãi bỏ bởi\s*30\/2025\/QĐ-UBND\s*\(d3\)\s*từ 20\/6\/2025/.test(figText), figText.slice(0, 400));
  check('diagram: the basis it rests on', /Căn cứ\s*Luật Tổ chức chính quyền địa phương/.test(figText) || /Căn cứ.*02\/2003\/NĐ-CP/.test(figText), figText.slice(0, 300));
  if (SHOTS) await page.screenshot({ path: SHOTS + '/relations.png', fullPage: false });
  await page.locator('figure.relations a', { hasText: '30/2025/QĐ-UBND' }).first().click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('doc=30/2025/QĐ-UBND'));
  await docShown('30/2025/QĐ-UBND');
  await page.waitForSelector('figure.relations');
  const fig2 = (await page.locator('figure.relations').textContent()) || '';
  check('the amending document: what it amends and replaces', /Sửa đổi, bổ sung\s*12\/2024\/QĐ-UBND/.test(fig2) && /Thay thế\s*05\/2020\/QĐ-UBND/.test(fig2), fig2.slice(0, 300));
  check('a cited instrument that changed says so beside the citation', await page.locator('.docview .st-partly_repealed').count() >= 1);

  // a bad query: the message, not a crash
  await page.goto(BASE + '/#q=%22t%C3%ADn');
  await page.waitForSelector('#vb-status.error');
  check('a bad query shows the message', ((await page.textContent('#vb-status')) || '').includes('column'));

  // on a phone
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(BASE + '/#q=tin+dung+den');
  await page.waitForSelector('.hit');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check('readable on a phone: no sideways scrolling', overflow <= 376, 'scrollWidth ' + overflow);
  check('no script errors', errors.length === 0, errors.join(' | '));
} catch (e) {
  check('browser run', false, String(e).slice(0, 500));
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
