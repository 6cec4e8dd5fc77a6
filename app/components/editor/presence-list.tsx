import type { Peer } from "./collaboration-session";
import { initials } from "./user-color";

/** Avatars of everyone with the document open (name on hover; full names for screen readers). */
export function PresenceList({ peers }: { peers: Peer[] }) {
  return (
    <ul className="presence" aria-label="People here">
      {peers.map((peer) => {
        const name = peer.isSelf ? `${peer.name} (you)` : peer.name;
        return (
          <li key={peer.id} className="presence__avatar" title={name} style={{ backgroundColor: peer.color }} data-self={peer.isSelf || undefined}>
            <span aria-hidden="true">{initials(peer.name)}</span>
            <span className="visually-hidden">{name}</span>
          </li>
        );
      })}
    </ul>
  );
}
