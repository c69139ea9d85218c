//! Nonces from the operating system's random number generator, fetched a few thousand bytes at a time.
//!
//! Every sealed field takes a fresh 192-bit nonce. Asking the kernel for 24 bytes at each seal cost a
//! `getrandom` call apiece: in a bulk load, sealing a few hundred thousand persons, the kernel's per-call
//! set-up was a twentieth of the machine (BENCHMARKS.md, twenty-fourth pass). Each thread now keeps a buffer
//! of the kernel's bytes and hands every byte out once; the nonces are the same kernel randomness, in fewer
//! calls. Nonces are not secret (each is stored beside its ciphertext); what matters is that none repeats,
//! and no byte of the buffer is handed out twice. The process never forks while sealing.

use std::cell::RefCell;

use crate::cipher::NONCE_LEN;

/// How many bytes a thread fetches at a time: 170 nonces.
const POOL: usize = 4096;

struct Pool {
    bytes: [u8; POOL],
    /// The first byte not handed out yet; `POOL` when the buffer is spent (as it starts).
    next: usize,
}

thread_local! {
    static NONCES: RefCell<Pool> = const { RefCell::new(Pool { bytes: [0; POOL], next: POOL }) };
}

/// A fresh nonce: bytes of the kernel's generator never handed out before.
pub(crate) fn fresh() -> Result<[u8; NONCE_LEN], getrandom::Error> {
    NONCES.with(|pool| {
        let mut pool = pool.borrow_mut();
        if pool.next + NONCE_LEN > POOL {
            getrandom::fill(&mut pool.bytes)?;
            pool.next = 0;
        }
        let mut nonce = [0u8; NONCE_LEN];
        let start = pool.next;
        nonce.copy_from_slice(&pool.bytes[start..start + NONCE_LEN]);
        // Handed out once: the bytes are cleared so that nothing could give them again.
        pool.bytes[start..start + NONCE_LEN].fill(0);
        pool.next = start + NONCE_LEN;
        Ok(nonce)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::{NONCE_LEN, POOL, fresh};

    #[test]
    fn nonces_do_not_repeat_across_refills_and_threads() {
        let mut seen = HashSet::new();
        // Several refills of this thread's buffer.
        for _ in 0..(3 * POOL / NONCE_LEN + 7) {
            assert!(seen.insert(fresh().expect("random")), "a nonce came twice");
        }
        let others: Vec<[u8; NONCE_LEN]> = std::thread::scope(|s| {
            let a = s.spawn(|| (0..500).map(|_| fresh().expect("random")).collect::<Vec<_>>());
            let b = s.spawn(|| (0..500).map(|_| fresh().expect("random")).collect::<Vec<_>>());
            [a.join().expect("thread"), b.join().expect("thread")].concat()
        });
        for n in others {
            assert!(seen.insert(n), "a nonce came twice");
        }
        assert!(!seen.contains(&[0u8; NONCE_LEN]));
    }
}
