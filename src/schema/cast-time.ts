/**
 * The strict date and date-time casts live in values/ so that hubspot/ (which may import only
 * config/ and values/) checks records' dates with the very parser the columns are cast with.
 */
export { castDate, castDateTime, type TimeResult } from '../values/date-time.js';
