import { JourneyInputError } from '../src';

/** Runs fn, expects it to throw a JourneyInputError, and returns that error. */
export const inputError = (fn: () => unknown): JourneyInputError => {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error('expected a JourneyInputError, but nothing was thrown');
  expect(thrown).toBeInstanceOf(JourneyInputError);
  return thrown as JourneyInputError;
};
