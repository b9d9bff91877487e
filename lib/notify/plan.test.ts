import { describe, expect, it } from 'vitest';
import { inQuietHours, LIST_NOTIFICATION_ID, planNotification, type NewPost } from './plan';

const at = (hh: number, mm = 0) => new Date(2026, 10, 25, hh, mm);
const text = { several: (n: number) => `${n} new posts`, andMore: (n: number) => `and ${n} more` };
const post = (i: number): NewPost => ({
  key: `f ${i}`,
  title: `Post ${i}`,
  feedTitle: 'Desk',
  url: `https://blog.test/${i}`,
});

describe('quiet hours', () => {
  it('covers a window within a day and one across midnight, end excluded', () => {
    const office = { start: 9 * 60, end: 17 * 60 };
    expect(inQuietHours(office, at(9))).toBe(true);
    expect(inQuietHours(office, at(16, 59))).toBe(true);
    expect(inQuietHours(office, at(17))).toBe(false);
    const night = { start: 22 * 60, end: 7 * 60 };
    expect(inQuietHours(night, at(23, 30))).toBe(true);
    expect(inQuietHours(night, at(3))).toBe(true);
    expect(inQuietHours(night, at(7))).toBe(false);
    expect(inQuietHours(night, at(12))).toBe(false);
    expect(inQuietHours(null, at(3))).toBe(false);
  });
});

describe('planNotification', () => {
  const on = { enabled: true, quietHours: null };

  it('announces one post by its title, opening the post', () => {
    expect(planNotification([post(1)], on, at(12), text)).toEqual({
      id: 'asb:f 1',
      title: 'Post 1',
      message: 'Desk',
      url: 'https://blog.test/1',
    });
  });

  it('groups several posts in one notification that opens the list', () => {
    expect(planNotification([1, 2, 3, 4, 5].map(post), on, at(12), text)).toEqual({
      id: LIST_NOTIFICATION_ID,
      title: '5 new posts',
      message: '• Post 1\n• Post 2\n• Post 3\nand 2 more',
    });
  });

  it('says nothing when off, in quiet hours, or with no new posts', () => {
    expect(planNotification([post(1)], { enabled: false, quietHours: null }, at(12), text)).toBeUndefined();
    expect(
      planNotification([post(1)], { enabled: true, quietHours: { start: 22 * 60, end: 7 * 60 } }, at(23), text),
    ).toBeUndefined();
    expect(planNotification([], on, at(12), text)).toBeUndefined();
  });
});
