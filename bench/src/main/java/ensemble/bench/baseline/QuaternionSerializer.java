package ensemble.bench.baseline;

import com.jme3.math.Quaternion;
import com.jme3.network.serializing.Serializer;
import java.io.IOException;
import java.nio.ByteBuffer;

/** SpiderMonkey has a serializer for Vector3f but none for Quaternion: four floats, x y z w. */
final class QuaternionSerializer extends Serializer {
    @Override
    @SuppressWarnings("unchecked")
    public <T> T readObject(ByteBuffer data, Class<T> c) throws IOException {
        return (T) new Quaternion(data.getFloat(), data.getFloat(), data.getFloat(), data.getFloat());
    }

    @Override
    public void writeObject(ByteBuffer buffer, Object object) throws IOException {
        Quaternion q = (Quaternion) object;
        buffer.putFloat(q.getX());
        buffer.putFloat(q.getY());
        buffer.putFloat(q.getZ());
        buffer.putFloat(q.getW());
    }
}
