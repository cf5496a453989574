// Asked when a conversation is resolved: 1 to 5 stars (a radio group, so arrow keys work) and an
// optional comment.
import { RATING_COMMENT_MAX, RATING_MAX, RATING_MIN } from '@/satisfaction/satisfaction-limits';
import { useId, useState } from 'preact/hooks';

interface Props {
  onRate: (rating: number, comment: string) => Promise<string | undefined>;
}

const WORDS = ['', 'Very bad', 'Bad', 'OK', 'Good', 'Excellent'];
const RATINGS = Array.from(
  { length: RATING_MAX - RATING_MIN + 1 },
  (_, index) => RATING_MIN + index,
);

export function Csat({ onRate }: Props) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const name = useId();
  return (
    <form
      class="csat"
      onSubmit={(event) => {
        event.preventDefault();
        if (rating === 0 || busy) return;
        setBusy(true);
        void onRate(rating, comment).then((failure) => {
          setBusy(false);
          setError(failure);
        });
      }}
    >
      <fieldset>
        <legend>How did we do?</legend>
        <div class="csat__stars">
          {RATINGS.map((value) => (
            <label key={value} class={`star ${value <= rating ? 'star--on' : ''}`}>
              <input
                type="radio"
                class="sr-only"
                name={name}
                value={value}
                checked={rating === value}
                onChange={() => setRating(value)}
              />
              <span aria-hidden="true">★</span>
              <span class="sr-only">
                {value} of {RATING_MAX}, {WORDS[value]}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="csat__comment">
        <span>Anything to add? (optional)</span>
        <textarea
          rows={2}
          maxLength={RATING_COMMENT_MAX}
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
      </label>
      {error !== undefined && <p role="alert">{error}</p>}
      <button type="submit" class="button" disabled={rating === 0 || busy}>
        Send rating
      </button>
    </form>
  );
}
