import { describe, expect, it } from 'vitest';
import { readBodyAdvisory } from '../../../../src/core/lifecycle/read-body-advisory.js';
import { readHeadlineMarkers } from '../../../../src/core/lifecycle/read-wire-markers.js';

const flags = (title: string, opts = {}) => {
  const m = readHeadlineMarkers(title, opts);
  return { kinds: (['update', 'refile', 'correction', 'kill'] as const).filter((k) => m[k]), headline: m.headline, slug: m.slug };
};

describe('headline markers', () => {
  it.each([
    ['UPDATE 2-Taliban seize border crossing', ['update'], 'Taliban seize border crossing'],
    ['WRAPUP 1-Taliban sweep north', ['update'], 'Taliban sweep north'],
    ['RPT-UPDATE 1-Taliban sweep north', ['update', 'refile'], 'Taliban sweep north'],
    ['CORRECTED-UPDATE 1-Taliban seize post', ['update', 'correction'], 'Taliban seize post'],
    ['Correction: Afghanistan-Bagram story', ['correction'], 'Afghanistan-Bagram story'],
    ['Update: Taliban seize post', ['update'], 'Taliban seize post'],
    ['UPDATE 1 Taliban seize post', ['update'], 'Taliban seize post'],
    ['(LEAD) N. Korea fires missile', ['update'], 'N. Korea fires missile'],
    ['N. Korea fires missile (2nd LEAD)', ['update'], 'N. Korea fires missile'],
    ['Kabul embassy to close (CORRECTED)', ['correction'], 'Kabul embassy to close'],
    ['REFILE-Taliban take post (corrects name of crossing)', ['refile', 'correction'], 'Taliban take post'],
    ['KILL - Taliban seize post', ['kill'], 'Taliban seize post'],
    ['MANDATORY KILL', ['kill'], ''],
    ['STORY WITHDRAWN', ['kill'], ''],
    ['WITHDRAWN: Photographer killed', ['kill'], 'Photographer killed'],
    ['URGENT: Kabul falls', [], 'Kabul falls'],
    ['Withdrawn: last US troops leave Bagram air base', [], 'Withdrawn: last US troops leave Bagram air base'],
    ['Kill - the word Taliban commanders used, officials say', [], 'Kill - the word Taliban commanders used, officials say'],
  ])('%s', (title, kinds, headline) => {
    expect(flags(title)).toMatchObject({ kinds, headline });
  });

  it.each(['Lead poisoning cases rise', 'Kill switch for drones', 'Updated maps show Taliban gains', 'Withdrawn troops return home', 'COVID-19 cases rise'])(
    'leaves the headline word alone: %s', (title) => {
      expect(flags(title)).toEqual({ kinds: [], headline: title, slug: null });
    });

  it('reads a Reuters-style topic slug at the head of the headline, and only one with a "/"', () => {
    expect(flags('AFGHANISTAN-CONFLICT/BAGRAM US troops leave base')).toMatchObject({ slug: 'afghanistan-conflict/bagram', headline: 'US troops leave base' });
    expect(flags('US-CHINA trade talks resume').slug).toBeNull();
  });

  it('reads an AP slug line: topic part as the slug, version part as markers', () => {
    expect(flags('x', { slug: 'BC-AS--Afghanistan-Bagram,1st Ld-Writethru' })).toMatchObject({ kinds: ['update'], slug: 'bc-as--afghanistan-bagram' });
    expect(flags('x', { slug: 'BC-AS--Afghanistan-Bagram, CORRECTION' }).kinds).toEqual(['correction']);
    expect(flags('x', { slug: 'Afghanistan-US-military,LEAD' }).kinds).toEqual(['update']);
    expect(flags('x', { wire: { slugline: 'BC-AS--Afghanistan-Bagram, KILL' } }).kinds).toEqual(['kill']);
  });

  it('takes ninjs pubstatus canceled/withheld as a kill, from the input or the wire fields', () => {
    expect(flags('x', { pubStatus: 'canceled' }).kinds).toEqual(['kill']);
    expect(flags('x', { wire: { pubstatus: 'withheld' } }).kinds).toEqual(['kill']);
    expect(flags('x', { pubStatus: 'usable' }).kinds).toEqual([]);
  });
});

describe('body notes', () => {
  it('reads Reuters/AFP bracket notes and takes them off the body', () => {
    expect(readBodyAdvisory('(Adds quotes from ministry in paragraph 4) KABUL, July 2 (Reuters) - The last')).toMatchObject({
      update: true, correction: false, advisory: 'adds quotes from ministry in paragraph 4', body: 'KABUL, July 2 (Reuters) - The last',
    });
    expect(readBodyAdvisory('(Corrects spelling of governor\'s name in paragraph 3) KABUL').correction).toBe(true);
    expect(readBodyAdvisory('(Refiles to correct dateline) KABUL').correction).toBe(true);
    expect(readBodyAdvisory('(Refiles to fix typo in headline) KABUL')).toMatchObject({ refile: true, correction: false });
  });

  it('reads AP editor lines and a "Correction:" line', () => {
    expect(readBodyAdvisory('Eds: UPDATES with Taliban statement. KABUL (AP) — Text.')).toMatchObject({
      update: true, advisory: 'updates with Taliban statement', body: 'KABUL (AP) — Text.',
    });
    expect(readBodyAdvisory('Correction: An earlier version misstated the number. Text.')).toMatchObject({ correction: true, update: false });
  });

  it('finds kill notices at the top or in words, and not in an ordinary story', () => {
    expect(readBodyAdvisory('KILL KILL KILL. Please kill this story.').kill).toBe(true);
    expect(readBodyAdvisory('Reuters has withdrawn this story. There will be no replacement.').kill).toBe(true);
    expect(readBodyAdvisory('Editors please kill this story, it was sent in error.').kill).toBe(true);
    expect(readBodyAdvisory('Troops withdrawn from Bagram were flown home, officials said.').kill).toBe(false);
    expect(readBodyAdvisory('(Adds details) Officials said.').advisory).toBe('adds details');
    expect(readBodyAdvisory('(Reuters) officials said.').advisory).toBeNull();
  });

  it('does not read quoted or ordinary words as a kill (a false kill drops the story or strikes an alert)', () => {
    expect(readBodyAdvisory('"Please withdraw from Bagram before Friday," a Taliban spokesman said on Monday.').kill).toBe(false);
    expect(readBodyAdvisory('"Please withdraw your forces from Bagram," a Taliban spokesman told reporters.').kill).toBe(false);
    expect(readBodyAdvisory('KILL orders were denied by Taliban leaders, a spokesman said.').kill).toBe(false);
    expect(readBodyAdvisory('WITHDRAWN troops were seen leaving the base.').kill).toBe(false);
    expect(readBodyAdvisory('STORY WITHDRAWN - Please kill this story.').kill).toBe(true);
    expect(readBodyAdvisory('KILL: The story on Bagram was sent in error.').kill).toBe(true);
    expect(readBodyAdvisory('Editors: please do not use this story.').kill).toBe(true);
  });
});
