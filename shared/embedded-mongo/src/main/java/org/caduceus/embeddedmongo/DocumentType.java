package org.caduceus.embeddedmongo;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the store writes documents to its file: as BSON, the format they came in.
 *
 * <p>
 * H2's default writes a document with Java serialization, which costs several times more
 * CPU; every commit writes each page it changed whole, so that cost is paid again for
 * every document sharing a page with a changed one. Documents written before are still
 * read: a BSON value starts with a tag that Java-serialized values never start with.
 */
final class DocumentType extends BasicDataType<Document> {

	/** Above every tag H2's ObjectDataType writes (0 to 119). */
	private static final byte BSON = 127;

	private final ObjectDataType legacy = new ObjectDataType();

	@Override
	public int getMemory(Document document) {
		return 64 + estimate(document);
	}

	/** A cheap estimate of the memory a value holds, for H2's page sizes and cache. */
	private static int estimate(Object value) {
		if (value instanceof Map<?, ?> map) {
			int size = 32;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += 48 + 2 * entry.getKey().toString().length() + estimate(entry.getValue());
			}
			return size;
		}
		if (value instanceof Collection<?> list) {
			int size = 32;
			for (Object element : list) {
				size += 8 + estimate(element);
			}
			return size;
		}
		if (value instanceof CharSequence text) {
			return 40 + 2 * text.length();
		}
		return 24;
	}

	@Override
	public void write(WriteBuffer buffer, Document document) {
		ByteBuf bson = Unpooled.buffer(256);
		try {
			BsonEncoder.encodeDocument(document, bson);
			int length = bson.readableBytes();
			buffer.put(BSON).putVarInt(length).put(bson.nioBuffer());
		}
		finally {
			bson.release();
		}
	}

	@Override
	public Document read(ByteBuffer buffer) {
		if (buffer.get(buffer.position()) != BSON) {
			return (Document) this.legacy.read(buffer);
		}
		buffer.get();
		int length = DataUtils.readVarInt(buffer);
		ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
		buffer.position(buffer.position() + length);
		return BsonDecoder.decodeBson(bson);
	}

	@Override
	public Document[] createStorage(int size) {
		return new Document[size];
	}

}
