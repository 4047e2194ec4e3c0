package org.caduceus.openpgp;

import java.util.Iterator;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * A team moves to a new key by certifying it with the key its partners pinned: a partner
 * accepts the new key on its own only when that certification verifies; anything else
 * waits for an admin who confirms the new fingerprint out of band. (With GnuPG:
 * {@code gpg --local-user OLD --quick-sign-key NEW_FPR}.)
 */
public final class KeyRotation {

	private KeyRotation() {
	}

	/**
	 * @return {@code next} with each of its user ids certified by {@code current}'s
	 * primary key
	 */
	public static PGPPublicKeyRing endorse(TeamKey current, PGPPublicKeyRing next) {
		PGPPublicKey signer = current.publicRing().getPublicKey();
		PGPPublicKey primary = next.getPublicKey();
		try {
			PGPPublicKey certified = primary;
			Iterator<String> userIds = primary.getUserIDs();
			while (userIds.hasNext()) {
				String userId = userIds.next();
				PGPSignatureGenerator generator = new PGPSignatureGenerator(
						new BcPGPContentSignerBuilder(signer.getAlgorithm(), HashAlgorithmTags.SHA512), signer);
				generator.init(PGPSignature.CASUAL_CERTIFICATION, current.signingKey());
				certified = PGPPublicKey.addCertification(certified, userId,
						generator.generateCertification(userId, primary));
			}
			return PGPPublicKeyRing.insertPublicKey(next, certified);
		}
		catch (PGPException ex) {
			throw new IllegalStateException("certification failed", ex);
		}
	}

	/**
	 * @return {@code key}'s public ring with a revocation of its primary key, signed by
	 * itself: what a team publishes when its key is compromised
	 */
	public static PGPPublicKeyRing revoke(TeamKey key) {
		PGPPublicKey primary = key.publicRing().getPublicKey();
		try {
			PGPSignatureGenerator generator = new PGPSignatureGenerator(
					new BcPGPContentSignerBuilder(primary.getAlgorithm(), HashAlgorithmTags.SHA512), primary);
			generator.init(PGPSignature.KEY_REVOCATION, key.signingKey());
			PGPPublicKey revoked = PGPPublicKey.addCertification(primary, generator.generateCertification(primary));
			return PGPPublicKeyRing.insertPublicKey(key.publicRing(), revoked);
		}
		catch (PGPException ex) {
			throw new IllegalStateException("revocation failed", ex);
		}
	}

	/**
	 * @return true when a user id of {@code next}'s primary key carries a certification
	 * by {@code pinned}'s primary key that verifies, and the pinned key is not revoked
	 */
	public static boolean endorsedBy(PGPPublicKeyRing next, PGPPublicKeyRing pinned) {
		PGPPublicKey old = pinned.getPublicKey();
		if (old.hasRevocation()) {
			return false;
		}
		PGPPublicKey primary = next.getPublicKey();
		Iterator<String> userIds = primary.getUserIDs();
		while (userIds.hasNext()) {
			String userId = userIds.next();
			Iterator<PGPSignature> signatures = primary.getSignaturesForID(userId);
			while (signatures != null && signatures.hasNext()) {
				PGPSignature signature = signatures.next();
				if (signature.getKeyID() != old.getKeyID() || !signature.isCertification()) {
					continue;
				}
				try {
					signature.init(new BcPGPContentVerifierBuilderProvider(), old);
					if (signature.verifyCertification(userId, primary)) {
						return true;
					}
				}
				catch (PGPException | RuntimeException ex) {
					// a broken certification endorses nothing
				}
			}
		}
		return false;
	}

}
