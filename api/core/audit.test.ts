import { auditEntryId } from './audit';
import { compareAudit } from './port';

// RFC 9562, section 5.7: a version 7 UUID, the variant bits 10, in the canonical lower-case form.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the id of an audit entry', () => {
  it('is a version 7 UUID that carries its millisecond, and entries of one millisecond come newest first', () => {
    const at = new Date('2026-12-01T18:00:00.123Z');
    const ids = Array.from({ length: 50 }, () => auditEntryId(at));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(ids[0]!.replace(/-/g, '').slice(0, 12)).toBe(at.getTime().toString(16).padStart(12, '0'));
    // Newest first, as the trail is read: the one made last, first.
    const entries = ids.map((id) => ({ at: at.toISOString(), id }));
    expect([...entries].sort(compareAudit).map((e) => e.id)).toEqual([...ids].reverse());
  });

  it('ends in 48 random bits: no two alike', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => auditEntryId(new Date()).slice(24)));
    expect(tails.size).toBe(1000);
  });
});
