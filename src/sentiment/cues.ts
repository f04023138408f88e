/** Words that flip the polarity of what follows them in the same clause. */
export const NEGATORS = new Set([
  'not', 'no', 'never', 'neither', 'nor', 'none', 'nobody', 'nothing', 'nowhere', 'without', 'cannot',
  "can't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "wouldn't",
  "shouldn't", "couldn't", "haven't", "hasn't", "hadn't", "ain't", 'cant', 'dont', 'doesnt', 'didnt',
  'isnt', 'wasnt', 'arent', 'wont', 'wouldnt', 'havent', 'hasnt', 'couldnt', 'shouldnt',
]);

/** Words that scale the next sentiment word. */
export const BOOSTERS: Record<string, number> = {
  very: 1.5, really: 1.5, so: 1.4, extremely: 1.8, super: 1.5, totally: 1.5, absolutely: 1.6,
  incredibly: 1.7, completely: 1.5, utterly: 1.7, truly: 1.4, most: 1.3, such: 1.3, too: 1.3,
  slightly: 0.6, somewhat: 0.6, kinda: 0.7, barely: 0.5, fairly: 0.8, quite: 0.9, little: 0.7,
};

/** Words that start a clause that outweighs the one before it. */
export const CONTRAST = new Set(['but', 'however', 'yet', 'though', 'although']);

/** Emoji and emoticons with a polarity on AFINN's -5..5 scale. */
export const EMOJI: Record<string, number> = {
  '😀': 2, '😃': 2, '😄': 2, '😁': 2, '😊': 2, '🙂': 1, '😍': 3, '🥰': 3, '😘': 2, '😎': 2,
  '🤩': 3, '😂': 1, '🤣': 1, '👍': 2, '👏': 2, '🙌': 2, '🎉': 2, '💯': 2, '🔥': 1, '✅': 1,
  '❤': 3, '❤️': 3, '💖': 3, '💕': 3, '💙': 2, '💚': 2, '⭐': 1, '🌟': 2, '🙏': 1,
  '😞': -2, '😔': -2, '😟': -2, '😕': -1, '🙁': -2, '☹': -2, '😢': -2, '😭': -3, '😠': -3,
  '😡': -4, '🤬': -4, '😤': -2, '😩': -2, '😫': -2, '🤮': -4, '🤢': -3, '💩': -3, '👎': -2,
  '😒': -2, '🙄': -2, '😑': -1, '😐': -1, '💔': -3, '😱': -2, '😣': -2, '😖': -2, '🤦': -2,
  ':)': 2, ':-)': 2, ':D': 3, ':-D': 3, ';)': 1, ';-)': 1, ':P': 1, '<3': 3, ':(': -2, ':-(': -2,
  ":'(": -3, ':/': -1, ':-/': -1, ':|': -1, 'D:': -2, '>:(': -3,
};
