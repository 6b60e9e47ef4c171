/*
 * The English words: the dictionary as its own chunk, loaded by `loadWords('en')`. In the
 * build every dictionary module reached from here is cut down to its English words
 * (dictionary-split.ts); elsewhere this is the whole bilingual dictionary.
 */
export {DICTIONARY} from './messages';
