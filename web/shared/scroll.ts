// A conversation log that follows new messages: to the bottom when something is added (or an
// image in it finishes loading) while the reader was already at the bottom; a reader scrolled up
// to older messages is left where they are.
import { type RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const NEAR_BOTTOM_PX = 80;

export function useStickToBottom(log: RefObject<HTMLElement | null>, count: number): () => void {
  const stuck = useRef(true);
  const follow = () => {
    const element = log.current;
    if (element !== null && stuck.current) element.scrollTop = element.scrollHeight;
  };
  useEffect(() => {
    const element = log.current;
    if (element === null) return;
    const onScroll = () => {
      stuck.current =
        element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    };
    // load does not bubble; captured here it tells of every image inside the log.
    element.addEventListener('scroll', onScroll);
    element.addEventListener('load', follow, true);
    return () => {
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('load', follow, true);
    };
  }, [log.current]);
  useEffect(follow, [count]);
  return follow;
}
