import t from 'tap';
import { greet } from '../src/greet.js';

t.test('greets by name with the greeting', async (t) => {
  t.same(greet({ name: 'QA team', greeting: 'Hello' }), { message: 'Hello, QA team!' });
  t.same(greet({ name: 'Ada', greeting: 'Hi' }), { message: 'Hi, Ada!' });
});
